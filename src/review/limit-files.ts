import type { SelectedFile, SkippedFile, SkipReason } from "../diff/types.js";
import type { ReviewSettings } from "./review-settings.js";

type FileLimits = Pick<ReviewSettings, "maxFiles" | "maxPatchBytes" | "maxReviewBytes">;

/**
 * What a review reads at all, applied in PR order before any patch is parsed, so a huge pull request
 * costs neither memory nor model calls. A file is kept whole or skipped with its reason; the scan
 * goes on after a skip, as a later, smaller file may still fit.
 */
export function limitFiles(selected: readonly SelectedFile[], limits: FileLimits): { kept: SelectedFile[]; skipped: SkippedFile[] } {
  const kept: SelectedFile[] = [];
  const skipped: SkippedFile[] = [];
  let bytes = 0;
  for (const entry of selected) {
    const size = Buffer.byteLength(entry.file.patch ?? "", "utf8");
    let reason: SkipReason | undefined;
    if (size > limits.maxPatchBytes) reason = `patch too large (over ${limits.maxPatchBytes.toLocaleString("en-US")} bytes)`;
    else if (kept.length >= limits.maxFiles) reason = "over the review's file limit";
    else if (bytes + size > limits.maxReviewBytes) reason = "over the review's size limit";
    if (reason !== undefined) {
      skipped.push({ path: entry.file.filename, reason });
      continue;
    }
    kept.push(entry);
    bytes += size;
  }
  return { kept, skipped };
}
