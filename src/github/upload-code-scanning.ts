import { gzipSync } from "node:zlib";
import { collectFindings } from "../cli/cli-findings.js";
import { selectEarlierFindings } from "../cli/earlier-findings.js";
import { renderSarif } from "../cli/format-sarif.js";
import type { FindingThread } from "../review/finding-threads.js";
import type { AgentDefinition } from "../review/agent.js";
import type { Logger } from "../review/logger.js";
import { code, shortSha } from "../review/markdown.js";
import type { ReviewReport } from "../review/review-report.js";
import { describeGitHubError } from "./describe-github-error.js";
import type { GitHubPort, PullRequestRef, SarifUpload } from "./github-port.js";
import type { OctokitClient } from "./octokit-port.js";
import { statusOf } from "./status-of.js";

/** Code scanning keeps one analysis per category: the App's own, apart from any CI upload. */
export const APP_ANALYSIS = "backend-review/app/";
/** GitHub refuses a SARIF upload above 10 MB gzipped (before base64). */
const MAX_GZIPPED_BYTES = 10 * 1024 * 1024;

/** POST /repos/{owner}/{repo}/code-scanning/sarifs for the pull request's head: gzip, then base64. */
export async function uploadSarif(octokit: Pick<OctokitClient, "request">, ref: PullRequestRef, sarif: string): Promise<SarifUpload> {
  const gzipped = gzipSync(Buffer.from(sarif, "utf8"));
  if (gzipped.length > MAX_GZIPPED_BYTES) {
    throw new Error(`the SARIF is ${gzipped.length.toLocaleString("en-US")} bytes gzipped, over GitHub's 10 MB limit`);
  }
  const { data } = await octokit.request("POST /repos/{owner}/{repo}/code-scanning/sarifs", {
    owner: ref.owner,
    repo: ref.repo,
    commit_sha: ref.headSha,
    ref: `refs/pull/${ref.pullNumber}/head`,
    sarif: gzipped.toString("base64"),
    tool_name: "backend-review",
  });
  return { id: data.id ?? "" };
}

interface UploadDeps {
  github: GitHubPort;
  agent: AgentDefinition;
  log: Logger;
}

/**
 * Uploads the standing picture after the review was posted: this review's findings and the bot's
 * earlier ones still open on the pull request (`standing`: the threads this review did not find
 * fixed), because code scanning takes an upload as the whole analysis and would show the missing
 * ones as fixed. It never fails the review: the outcome comes back as one sentence for the check
 * run, and a failure is logged as a warning.
 */
export async function uploadReviewToCodeScanning(ref: PullRequestRef, report: ReviewReport, deps: UploadDeps, standing: readonly FindingThread[] = []): Promise<string> {
  const findings = collectFindings(report);
  const earlier = selectEarlierFindings(standing, findings);
  const count = `${findings.length} finding${findings.length === 1 ? "" : "s"}`;
  const scope = report.since !== undefined ? ` (the changes since ${code(shortSha(report.since))})` : "";
  const alsoEarlier = earlier.length > 0 ? ` and ${earlier.length} still open from earlier reviews` : "";
  try {
    const upload = await deps.github.uploadSarif(ref, renderSarif(report, findings, deps.agent, { automationId: APP_ANALYSIS, earlier }));
    deps.log.info({ sarifId: upload.id, findings: findings.length, earlier: earlier.length }, "findings uploaded to code scanning");
    return `**Code scanning:** uploaded ${count} of this review${scope}${alsoEarlier}.`;
  } catch (error) {
    const reason = describeUploadError(error);
    deps.log.warn({ err: error }, `code scanning upload failed: ${reason}`);
    return `**Code scanning:** not uploaded: ${reason}. The review above is complete; the next review tries again.`;
  }
}

function describeUploadError(error: unknown): string {
  const status = statusOf(error);
  if (status === 403) {
    return "GitHub refused it (403): the App needs the security_events write permission, and the repository needs code scanning (GitHub Code Security on a private repository)";
  }
  if (status === 404) return "GitHub did not find the repository or code scanning for it (404)";
  if (status === undefined && error instanceof Error && error.message.startsWith("the SARIF is ")) return error.message;
  return describeGitHubError(error, "uploading to code scanning");
}
