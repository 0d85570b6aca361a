import { requireGitHubToken } from "./cli-env.js";
import type { CliIo } from "./io.js";
import { parsePrTarget } from "./pr-target.js";
import { cliUserAgent, runPrReview } from "./pr-review.js";
import type { CommonOptions } from "./run-review.js";

export interface PrOptions extends CommonOptions {
  post?: boolean | undefined;
}

/*
 * No check run: a personal token cannot create one (only a GitHub App can), and where the App is
 * installed its own "backend-review" check would be overwritten. The exit code is the CI signal.
 */
export async function runPrCommand(targetText: string, options: PrOptions, io: CliIo): Promise<number> {
  const target = parsePrTarget(targetText);
  const token = requireGitHubToken(io.env);
  return (await runPrReview({ target, token, options, userAgent: cliUserAgent() }, io)).code;
}
