/**
 * Prints what the App left on the stand-in as a reader would see it on GitHub: the check run, the
 * review body, and each inline comment under the lines of the diff it is attached to. Hidden
 * markers (HTML comments) are left out because GitHub does not display them either.
 */
import { parsePatch } from "../src/diff/parse-patch.js";
import type { ChangedFile } from "../src/diff/types.js";
import type { GitHubStandIn, PullRequestScenario, RecordedRequest } from "./stand-ins/github-stand-in.js";

interface PostedComment {
  path: string;
  line: number;
  start_line?: number;
  body: string;
}

interface PostedReview {
  event?: string;
  body?: string;
  comments?: PostedComment[];
}

const RULE = "─".repeat(72);
const CONTEXT_LINES = 2;

export function renderReview(github: GitHubStandIn, scenario: PullRequestScenario): string {
  const out: string[] = [];
  for (const run of github.checkRuns.values()) {
    out.push(`Check run "${run.name}" on ${run.head_sha.slice(0, 7)}: ${run.status}, conclusion ${run.conclusion ?? "none"}`);
    out.push(`  ${run.output.title ?? "(no title)"}`);
  }
  const reviews = github.requests.filter((r) => isPost(r, /\/pulls\/\d+\/reviews$/) && r.status < 300);
  for (const request of reviews) out.push("", ...renderOneReview(request.body as PostedReview, scenario.files));
  if (reviews.length === 0) out.push("", "No review was posted.");
  for (const notice of github.requests.filter((r) => isPost(r, /\/issues\/\d+\/comments$/))) {
    out.push("", `Comment on the pull request:`, indent(visible(String((notice.body as { body?: unknown }).body ?? ""))));
  }
  return out.join("\n");
}

function renderOneReview(review: PostedReview, files: readonly ChangedFile[]): string[] {
  const comments = review.comments ?? [];
  const out = [RULE, `Review (${review.event ?? "PENDING"}) with ${comments.length} inline comment(s)`, RULE, visible(review.body ?? "")];
  for (const comment of comments) {
    const range = comment.start_line !== undefined ? `${comment.start_line}-${comment.line}` : String(comment.line);
    out.push("", RULE, `${comment.path}:${range}`, ...diffAround(files, comment), "", indent(visible(comment.body)));
  }
  return out;
}

/** The diff lines around a comment, numbered on the new side, with `>` on the commented line. */
function diffAround(files: readonly ChangedFile[], comment: PostedComment): string[] {
  const patch = files.find((f) => f.filename === comment.path)?.patch;
  if (patch === undefined) return ["  (file not in the pull request)"];
  for (const hunk of parsePatch(patch).hunks) {
    const at = hunk.lines.findIndex((l) => l.kind !== "del" && l.newLine === comment.line);
    if (at < 0) continue;
    const first = comment.start_line !== undefined ? hunk.lines.findIndex((l) => l.newLine === comment.start_line) : at;
    const shown = hunk.lines.slice(Math.max(0, Math.min(first, at) - CONTEXT_LINES), at + CONTEXT_LINES + 1);
    const width = String(hunk.newStart + hunk.newLines).length;
    return shown.map((l) => {
      const pointer = l.newLine !== null && l.newLine <= comment.line && l.newLine >= (comment.start_line ?? comment.line) ? ">" : " ";
      const number = l.newLine === null ? "".padStart(width) : String(l.newLine).padStart(width);
      const marker = l.kind === "add" ? "+" : l.kind === "del" ? "-" : " ";
      return `${pointer} ${number} ${marker} ${l.content}`;
    });
  }
  return ["  (line not in the diff)"];
}

function isPost(request: RecordedRequest, path: RegExp): boolean {
  return request.method === "POST" && path.test(request.path);
}

function visible(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->/g, "").trim();
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : `    ${line}`))
    .join("\n");
}
