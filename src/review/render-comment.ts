import type { AnchoredFinding } from "./anchor-findings.js";
import { findingMarker } from "./markers.js";
import { fenceFor, hasInvisible, sanitizeLine, sanitizeText } from "./sanitize-text.js";
import { severityLabel } from "./severity-label.js";

export interface DraftComment {
  path: string;
  line: number;
  startLine?: number | undefined;
  side: "RIGHT";
  body: string;
}

/** One inline comment: what is wrong, why it matters, how to fix it, and a suggestion when exact. */
export function renderComment(anchored: AnchoredFinding): DraftComment {
  const { finding } = anchored;
  const lines = [
    `**${severityLabel(finding.severity)} · ${finding.category} · \`${finding.check_id}\`** ${sanitizeLine(finding.title, 200)}`,
    "",
    sanitizeText(finding.explanation, 2000),
    "",
    `**Fix:** ${sanitizeText(finding.fix, 2000)}`,
  ];
  // A suggestion is committed with one click: never one whose bidi or invisible characters could
  // make the code do something other than what it shows (CVE-2021-42574).
  if (anchored.suggestion !== undefined && !hasInvisible(anchored.suggestion)) {
    const fence = fenceFor(anchored.suggestion);
    const code = anchored.suggestion.replace(/\r/g, "").replace(/\n$/, "");
    // An empty replacement deletes the lines; a blank line inside the block would replace them with one.
    lines.push("", `${fence}suggestion`, ...(code === "" ? [] : [code]), fence);
  }
  lines.push("", findingMarker(anchored.fingerprint, finding.check_id, finding.severity));
  return {
    path: anchored.path,
    line: anchored.line,
    startLine: anchored.startLine,
    side: "RIGHT",
    body: lines.join("\n"),
  };
}
