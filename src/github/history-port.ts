import { CONFIG_PATH } from "../config/repo-config-schema.js";
import type { GitHubPort, PullRef } from "./github-port.js";
import { listPullRequestHistory, type PullRequestHistory } from "./list-pull-request-history.js";
import { loadRepoConfig } from "./load-repo-config.js";
import type { OctokitClient } from "./octokit-port.js";
import { withPrefetchedFiles } from "./prefetched-files.js";

type Part = "comments" | "reviews" | "threads";

/**
 * The port with one read of a pull request's history per job: its configuration, the bot's
 * comments, reviews and review threads come from one GraphQL request instead of five or six (the
 * installation's requests an hour are what limits a busy deployment). A write makes what it
 * changed stale: a later read of that part asks GitHub again; the other parts are still current.
 */
export function withHistoryRead(port: GitHubPort, octokit: OctokitClient): GitHubPort {
  const reads = new Map<string, Promise<PullRequestHistory>>();
  const stale = new Set<Part>();
  const historyOf = (ref: PullRef, part?: Part): Promise<PullRequestHistory> => {
    if (part !== undefined && stale.has(part)) {
      reads.clear();
      stale.clear();
    }
    const key = `${ref.owner}/${ref.repo}#${ref.pullNumber}`;
    const known = reads.get(key);
    if (known) return known;
    const read = listPullRequestHistory(octokit, ref, CONFIG_PATH);
    reads.set(key, read);
    // A failed read is not kept: the next caller asks again (and sees the error itself).
    read.catch(() => reads.get(key) === read && reads.delete(key));
    return read;
  };
  const staling =
    <A extends unknown[], R>(parts: Part[], write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        for (const part of parts) stale.add(part);
      }
    };
  return {
    ...port,
    loadConfig: async (ref) => loadRepoConfig(withPrefetchedFiles(octokit, (await historyOf(ref)).configFiles), ref.owner, ref.repo),
    listBotComments: async (ref) => (await historyOf(ref, "comments")).botComments,
    // A review that did not complete (a model call failed) does not count as reviewed.
    listReviewedShas: async (ref) => (await historyOf(ref, "reviews")).reviews.filter((m) => !m.partial).map((m) => m.sha),
    listFindingThreads: async (ref) => (await historyOf(ref, "threads")).threads,
    postReview: staling(["reviews", "threads"], port.postReview),
    postNotice: staling(["comments"], port.postNotice),
    updateComment: staling(["comments"], port.updateComment),
    replyInThread: staling(["threads"], port.replyInThread),
    resolveThread: staling(["threads"], port.resolveThread),
  };
}
