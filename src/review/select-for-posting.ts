import type { AnchoredFinding, AnchorResult, FileLevelFinding } from "./anchor-findings.js";
import { SEVERITY_RANK, type Finding } from "./finding.js";
import type { ReviewSettings } from "./review-settings.js";

export interface PostingSelection {
  inline: AnchoredFinding[];
  overflow: AnchoredFinding[];
  fileLevel: FileLevelFinding[];
  /** About a file the reviewer was not shown. */
  otherFiles: FileLevelFinding[];
  /** Held back by the repository's settings, counted by which one. */
  belowSeverity: number;
  belowConfidence: number;
  categoryOff: number;
  /** The same finding reported twice (e.g. by two calls that saw one file's parts). */
  duplicates: number;
  /** Raised by an earlier review of this pull request (or dismissed there): not posted again. */
  known: number;
}

type Settings = Pick<ReviewSettings, "maxComments" | "minSeverity" | "minConfidence" | "categories">;

const NONE: ReadonlySet<string> = new Set();

/**
 * Filters by the repo's thresholds, removes repeats, orders worst first, and keeps at most
 * `maxComments` inline: large batches of comments trip GitHub's limits and bury what matters.
 */
export function selectForPosting(result: Pick<AnchorResult, "inline" | "fileLevel" | "otherFiles">, settings: Settings, known: ReadonlySet<string> = NONE): PostingSelection {
  const seen = new Set<string>();
  let belowSeverity = 0;
  let belowConfidence = 0;
  let categoryOff = 0;
  let duplicates = 0;
  let repeated = 0;
  const keep = <T extends { finding: Finding; fingerprint: string }>(item: T): boolean => {
    const f = item.finding;
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[settings.minSeverity]) {
      belowSeverity += 1;
      return false;
    }
    if (f.confidence < settings.minConfidence) {
      belowConfidence += 1;
      return false;
    }
    if (!settings.categories.includes(f.category)) {
      categoryOff += 1;
      return false;
    }
    if (seen.has(item.fingerprint)) {
      duplicates += 1;
      return false;
    }
    if (known.has(item.fingerprint)) {
      seen.add(item.fingerprint);
      repeated += 1;
      return false;
    }
    seen.add(item.fingerprint);
    return true;
  };
  // Sorted before the duplicate check, so the copy kept is the worst one reported.
  const placed = [...result.inline].sort(worstFirst).filter(keep);
  const fileLevel = [...result.fileLevel].sort(worstFirst).filter(keep);
  const otherFiles = [...result.otherFiles].sort(worstFirst).filter(keep);
  return {
    inline: placed.slice(0, settings.maxComments),
    overflow: placed.slice(settings.maxComments),
    fileLevel,
    otherFiles,
    belowSeverity,
    belowConfidence,
    categoryOff,
    duplicates,
    known: repeated,
  };
}

type Sortable = AnchoredFinding | FileLevelFinding;

/** The line a reader sees the comment start on; the reported line for a file-level finding. */
function lineOf(item: Sortable): number {
  return "line" in item ? (item.startLine ?? item.line) : (item.finding.line ?? 0);
}

function worstFirst(a: Sortable, b: Sortable): number {
  return (
    SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
    a.path.localeCompare(b.path) ||
    lineOf(a) - lineOf(b)
  );
}
