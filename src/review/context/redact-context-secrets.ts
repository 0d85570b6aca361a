import { findSecretsInText } from "../detect-secrets.js";
import { redactSecrets } from "../redact-secrets.js";
import type { ContextSection } from "./build-file-context.js";

/**
 * The context sections with every secret the detector finds in them replaced by the placeholder
 * that says a secret was there. Context is unchanged code, not the change under review (no finding
 * is raised for it), but it is sent to the model provider too: a key committed long ago in the
 * function around a hunk must not leave with it. Replacement stays within the line.
 */
export function redactContextSecrets(path: string, sections: readonly ContextSection[]): ContextSection[] {
  return sections.map((section) => {
    const found = findSecretsInText(path, section.lines.join("\n"));
    if (found.length === 0) return section;
    return { start: section.start, lines: section.lines.map((line) => redactSecrets(line, found)) };
  });
}
