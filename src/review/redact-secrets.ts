/**
 * Secrets never leave: what the secret detector found is replaced, in every text sent to the model
 * provider, by a placeholder naming its kind, so a pull request's credentials never reach a third
 * party or its logs. Replacement stays within the line, so line numbers and every other line's
 * quote are untouched; the model's quote of a redacted line is put back before anchoring.
 */
import type { FoundSecret } from "./detect-secrets.js";
import type { ModelRequest, ReviewModel } from "./model.js";

export const REDACTED_MARK = "[secret removed: ";

interface Redaction {
  value: string;
  placeholder: string;
}

/** One placeholder per value; a kind found more than once is numbered so each can be put back. */
function redactionsOf(secrets: readonly FoundSecret[]): Redaction[] {
  const perLabel = new Map<string, number>();
  for (const { label } of secrets) perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return secrets.map(({ value, label }) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    const suffix = (perLabel.get(label) ?? 0) > 1 ? ` #${n}` : "";
    return { value, placeholder: `${REDACTED_MARK}${label}${suffix}]` };
  });
}

/** Every occurrence in one pass, longest first, so a value inside another (or a placeholder) is never half-replaced. */
function replaceAll(text: string, pairs: readonly [from: string, to: string][]): string {
  const usable = pairs.filter(([from]) => from.length > 0 && text.includes(from));
  if (usable.length === 0) return text;
  const lookup = new Map(usable);
  const pattern = new RegExp(
    usable
      .map(([from]) => from)
      .sort((a, b) => b.length - a.length)
      .map((from) => from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
    "g",
  );
  return text.replace(pattern, (match) => lookup.get(match) ?? match);
}

export function redactSecrets(text: string, secrets: readonly FoundSecret[]): string {
  return replaceAll(
    text,
    redactionsOf(secrets).map((r) => [r.value, r.placeholder]),
  );
}

/** The inverse, for text that only stays inside the bot (a finding's `quote`, matched against the diff). */
export function restoreSecrets(text: string, secrets: readonly FoundSecret[]): string {
  if (!text.includes(REDACTED_MARK)) return text;
  return replaceAll(
    text,
    redactionsOf(secrets).map((r) => [r.placeholder, r.value]),
  );
}

/**
 * The model as the core sees it, with every request's system prompt and message redacted. Each
 * raw finding's `quote` is restored, so a finding on the redacted line still anchors by its quote.
 */
export function withSecretsRedacted(model: ReviewModel, secrets: readonly FoundSecret[]): ReviewModel {
  if (secrets.length === 0) return model;
  const redact = (request: ModelRequest): ModelRequest => ({
    ...request,
    system: redactSecrets(request.system, secrets),
    prompt: redactSecrets(request.prompt, secrets),
  });
  return {
    async reportFindings(request) {
      const reply = await model.reportFindings(redact(request));
      return { ...reply, findings: reply.findings.map((item) => restoreQuote(item, secrets)) };
    },
    explain: (request) => model.explain(redact(request)),
  };
}

function restoreQuote(item: unknown, secrets: readonly FoundSecret[]): unknown {
  if (typeof item !== "object" || item === null || !("quote" in item) || typeof item.quote !== "string") return item;
  return { ...item, quote: restoreSecrets(item.quote, secrets) };
}
