import type { Octokit } from "@octokit/rest";
import { parseMarker } from "../review/markers.js";
import type { PullRef } from "./github-port.js";

export interface ReviewMarker {
  sha: string;
  /** Some model call of that review failed: the commit counts as not reviewed. */
  partial: boolean;
}

/** The bot's earlier reviews of a pull request, oldest first, as their hidden markers record them. */
export async function listReviewMarkers(octokit: Pick<Octokit, "paginate" | "rest">, ref: PullRef): Promise<ReviewMarker[]> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner: ref.owner, repo: ref.repo, pull_number: ref.pullNumber, per_page: 100 });
  return readReviewMarkers(reviews.map((r) => ({ body: r.body ?? "", byBot: r.user?.type === "Bot" })));
}

/** The markers of the reviews written by a bot (ours carry one), in the order given. */
export function readReviewMarkers(reviews: readonly { body: string; byBot: boolean }[]): ReviewMarker[] {
  return reviews.flatMap((r) => {
    const marker = r.byBot ? parseMarker(r.body) : undefined;
    return marker?.kind === "review" && marker.fields.sha ? [{ sha: marker.fields.sha, partial: marker.fields.state === "partial" }] : [];
  });
}
