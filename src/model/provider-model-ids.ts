import type { Provider } from "../config/provider-env.js";

/*
 * Our model ids (what `sonnet`, `opus` and `haiku` resolve to, and the ids people write) under the
 * names Amazon Bedrock and Google Vertex AI serve them. Where they come from:
 * - claude-*-5-5: the Bedrock SDK's README calls `global.anthropic.claude-sonnet-5-5` and the
 *   Vertex SDK's README `claude-sonnet-5-5` (the newest models carry no date on Vertex); opus and
 *   haiku follow the same scheme.
 * - claude-*-4-5: the model tables of Anthropic's "Claude on Amazon Bedrock (legacy)" and "Claude
 *   on Vertex AI" pages (Bedrock `anthropic.<model>-<date>-v1:0`, Vertex `<model>@<date>`).
 * On Bedrock the `global.` cross-region inference profile is used, since current models are not
 * served on demand under their bare id; a `us.`/`eu.`/`apac.` profile, an application inference
 * profile ARN or any other id written in full is sent unchanged, as is any id not listed here.
 */
const IDS: Readonly<Record<string, { bedrock: string; vertex: string }>> = {
  "claude-sonnet-5-5": { bedrock: "global.anthropic.claude-sonnet-5-5", vertex: "claude-sonnet-5-5" },
  "claude-opus-5-5": { bedrock: "global.anthropic.claude-opus-5-5", vertex: "claude-opus-5-5" },
  "claude-haiku-5-5": { bedrock: "global.anthropic.claude-haiku-5-5", vertex: "claude-haiku-5-5" },
  "claude-sonnet-4-5": { bedrock: "global.anthropic.claude-sonnet-4-5-20250929-v1:0", vertex: "claude-sonnet-4-5@20250929" },
  "claude-opus-4-5": { bedrock: "global.anthropic.claude-opus-4-5-20251101-v1:0", vertex: "claude-opus-4-5@20251101" },
  "claude-haiku-4-5": { bedrock: "global.anthropic.claude-haiku-4-5-20251001-v1:0", vertex: "claude-haiku-4-5@20251001" },
};

/** The id `provider` serves `model` under. */
export function providerModelId(provider: Provider, model: string): string {
  if (provider === "anthropic") return model;
  return Object.hasOwn(IDS, model) ? (IDS[model]?.[provider] ?? model) : model;
}
