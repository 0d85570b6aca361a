import type { AnchoredFinding } from "./anchor-findings.js";
import { findingMarker } from "./markers.js";
import { fenceFor, sanitizeLine, sanitizeText } from "./sanitize-text.js";
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
  if (anchored.suggestion !== undefined) {
    const fence = fenceFor(anchored.suggestion);
    lines.push("", `${fence}suggestion`, anchored.suggestion.replace(/\r/g, "").replace(/\n$/, ""), fence);
  }
  lines.push("", findingMarker(anchored.fingerprint, finding.check_id));
  return {
    path: anchored.path,
    line: anchored.line,
    startLine: anchored.startLine,
    side: "RIGHT",
    body: lines.join("\n"),
  };
}
