import type { Octokit } from "@octokit/rest";
import type { ChangedFile } from "../diff/types.js";
import type { ReviewDraft } from "../review/build-review-draft.js";
import type { BotComment, CheckOutput, Comparison, GitHubPort, PostedReview, PullRef, PullRequestRef } from "./github-port.js";
import { listFindingThreads } from "./list-finding-threads.js";
import { listReviewMarkers } from "./list-review-markers.js";
import { postReview } from "./post-review.js";
import { loadRepoConfig } from "./load-repo-config.js";
import { uploadSarif } from "./upload-code-scanning.js";
import { getFileContents } from "./get-file-contents.js";
import { statusOf } from "./status-of.js";

/** Kept here too for the callers that import it from the port. */
export { statusOf };

export const CHECK_NAME = "backend-review";
/** GitHub lists at most 3,000 files of a pull request; 100 is the largest page. */
const MAX_FILES = 3000;
/** GitHub's cap for a check run's summary and text. */
const MAX_CHECK_TEXT = 65_535;

/** The subset of Octokit the port calls; Probot's and @octokit/rest's clients both fit it. */
export type OctokitClient = Pick<Octokit, "paginate" | "rest" | "request" | "graphql">;

const MARKER = "<!-- backend-review:";

export function createOctokitPort(octokit: OctokitClient): GitHubPort {
  return {
    async listFiles(ref: PullRequestRef): Promise<ChangedFile[]> {
      const files: ChangedFile[] = [];
      for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
        owner: ref.owner,
        repo: ref.repo,
        pull_number: ref.pullNumber,
        per_page: 100,
      })) {
        files.push(...page.data.map(toChangedFile));
        if (files.length >= MAX_FILES) break;
      }
      return files.slice(0, MAX_FILES);
    },

    async startCheck(ref: PullRequestRef): Promise<number> {
      const { data } = await octokit.rest.checks.create({
        owner: ref.owner,
        repo: ref.repo,
        name: CHECK_NAME,
        head_sha: ref.headSha,
        status: "in_progress",
        started_at: new Date().toISOString(),
        output: { title: "Reviewing…", summary: "The reviewer is reading the server-side changes of this commit." },
      });
      return data.id;
    },

    async completeCheck(ref: PullRequestRef, checkRunId: number, output: CheckOutput): Promise<void> {
      await octokit.rest.checks.update({
        owner: ref.owner,
        repo: ref.repo,
        check_run_id: checkRunId,
        status: "completed",
        conclusion: output.verdict.conclusion,
        completed_at: new Date().toISOString(),
        output: { title: output.verdict.title.slice(0, 1000), summary: output.summary.slice(0, MAX_CHECK_TEXT) },
      });
    },

    postReview(ref: PullRequestRef, draft: ReviewDraft): Promise<PostedReview> {
      return postReview(octokit, ref, draft);
    },

    async createCompletedCheck(ref: PullRequestRef, output: CheckOutput): Promise<void> {
      await octokit.rest.checks.create({
        owner: ref.owner,
        repo: ref.repo,
        name: CHECK_NAME,
        head_sha: ref.headSha,
        status: "completed",
        conclusion: output.verdict.conclusion,
        completed_at: new Date().toISOString(),
        output: { title: output.verdict.title.slice(0, 1000), summary: output.summary.slice(0, MAX_CHECK_TEXT) },
      });
    },

    async postNotice(ref: PullRequestRef, body: string): Promise<void> {
      await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.pullNumber, body });
    },

    async listBotComments(ref: PullRequestRef): Promise<BotComment[]> {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.pullNumber,
        per_page: 100,
      });
      return comments
        .filter((c) => c.user?.type === "Bot" && (c.body ?? "").includes(MARKER))
        .map((c) => ({ id: c.id, body: c.body ?? "" }));
    },

    async updateComment(ref: PullRequestRef, commentId: number, body: string): Promise<void> {
      await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, body });
    },

    loadConfig(ref: PullRef) {
      return loadRepoConfig(octokit, ref.owner, ref.repo);
    },

    async readDefaultBranchFile(ref: PullRequestRef, path: string): Promise<string | undefined> {
      try {
        // No `ref`: the contents API then reads the default branch, never the pull request's head.
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          owner: ref.owner,
          repo: ref.repo,
          path,
          mediaType: { format: "raw" },
        });
        return typeof data === "string" ? data : undefined;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },

    async listReviewedShas(ref: PullRef): Promise<string[]> {
      // A review that did not complete (a model call failed) does not count as reviewed.
      return (await listReviewMarkers(octokit, ref)).filter((m) => !m.partial).map((m) => m.sha);
    },

    listFindingThreads(ref: PullRef) {
      return listFindingThreads(octokit, ref);
    },

    async compareCommits(ref: PullRef, base: string, head: string): Promise<Comparison | undefined> {
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: ref.owner, repo: ref.repo, basehead: `${base}...${head}` });
        const files = data.files ?? [];
        // The compare API lists at most 300 files; beyond that the change set is not known in full.
        if (files.length >= 300) return undefined;
        return {
          status: data.status,
          files: files.map(toChangedFile),
        };
      } catch (error) {
        // 404: the old commit is gone (force push); 422: no common history. Either way: review all.
        if (statusOf(error) === 404 || statusOf(error) === 422) return undefined;
        throw error;
      }
    },

    async replyInThread(ref: PullRef, commentId: number, body: string): Promise<void> {
      await octokit.rest.pulls.createReplyForReviewComment({ owner: ref.owner, repo: ref.repo, pull_number: ref.pullNumber, comment_id: commentId, body });
    },

    async resolveThread(threadId: string): Promise<void> {
      await octokit.graphql(`mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id } } }`, { id: threadId });
    },

    readHeadFiles(ref: PullRequestRef, paths: readonly string[]) {
      return getFileContents(octokit, { owner: ref.owner, repo: ref.repo, sha: ref.headSha }, paths);
    },

    uploadSarif(ref: PullRequestRef, sarif: string) {
      return uploadSarif(octokit, ref, sarif);
    },
  };
}

/** Only the fields the review reads: the rest of GitHub's file entry is dropped early. */
function toChangedFile(f: ChangedFile): ChangedFile {
  return {
    filename: f.filename,
    status: f.status,
    patch: f.patch,
    previous_filename: f.previous_filename,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
  };
}
