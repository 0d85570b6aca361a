import type { Octokit } from "@octokit/rest";
import type { ReviewDraft } from "../review/build-review-draft.js";
import { listReviewMarkers } from "./list-review-markers.js";
import type { PostedReview, PullRequestRef } from "./github-port.js";
import { statusOf } from "./status-of.js";

type Client = Pick<Octokit, "paginate" | "rest">;
type ReviewParams = Parameters<Client["rest"]["pulls"]["createReview"]>[0] & object;

/**
 * Posts the one review of a commit. GitHub does not say which comment it refused with 422, and one
 * bad line loses the whole batch: then every finding goes into the body instead, so the review is
 * never lost. A 5xx may come after GitHub stored the review, so it is posted again only when no
 * review of ours for this commit is there.
 */
export async function postReview(octokit: Client, ref: PullRequestRef, draft: ReviewDraft): Promise<PostedReview> {
  const base = { owner: ref.owner, repo: ref.repo, pull_number: ref.pullNumber, commit_id: draft.commitId, event: draft.event };
  const create = (params: ReviewParams) => createOnce(octokit, ref, params);
  if (draft.comments.length === 0) return { id: await create({ ...base, body: draft.body }), folded: false };
  try {
    const comments = draft.comments.map((c) => ({
      path: c.path,
      line: c.line,
      side: c.side,
      body: c.body,
      ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: c.side } : {}),
    }));
    return { id: await create({ ...base, body: draft.body, comments }), folded: false };
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    return { id: await create({ ...base, body: draft.bodyWithoutComments }), folded: true };
  }
}

/** The review's id; 0 when GitHub failed but had stored it (found by its marker). */
async function createOnce(octokit: Client, ref: PullRequestRef, params: ReviewParams): Promise<number> {
  try {
    return (await octokit.rest.pulls.createReview(params)).data.id;
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined || status < 500) throw error;
    if (await hasReviewOf(octokit, ref)) return 0;
    return (await octokit.rest.pulls.createReview(params)).data.id;
  }
}

async function hasReviewOf(octokit: Client, ref: PullRequestRef): Promise<boolean> {
  return (await listReviewMarkers(octokit, ref)).some((m) => m.sha === ref.headSha);
}
