import { NO_USAGE } from "../../src/review/model.js";
import type { ReviewReport } from "../../src/review/review-report.js";

export const REPORT_SHA = "0123456789abcdef0123456789abcdef01234567";

/** A clean report of two reviewed files at REPORT_SHA; tests override what they are about. */
export function reviewReport(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return {
    target: "acme/api#42",
    headSha: REPORT_SHA,
    model: "claude-sonnet-5-5",
    reviewed: ["src/a.ts", "src/b.ts"],
    skipped: [],
    inline: [],
    overflow: [],
    fileLevel: [],
    otherFiles: [],
    failures: [],
    truncatedChunks: [],
    calls: 1,
    usage: { ...NO_USAGE },
    fingerprints: [],
    reported: 0,
    repaired: 0,
    dropped: { unusable: 0, duplicates: 0, belowSeverity: 0, belowConfidence: 0, categoryOff: 0, known: 0, unconfirmed: 0 },
    ...overrides,
  };
}
