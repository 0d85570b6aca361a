import { findSecretsInText, type FoundSecret } from "../detect-secrets.js";
import type { ReviewableFile } from "../reviewable-file.js";

/**
 * Secrets in the unchanged code shown around the hunks. They are not part of the change (no
 * finding is raised for them), but that code is sent to the model too, so their values must be
 * redacted like the diff's. Values already in `known` are not repeated.
 */
export function findContextSecrets(files: readonly ReviewableFile[], known: readonly FoundSecret[]): FoundSecret[] {
  const seen = new Set(known.map((s) => s.value));
  const found: FoundSecret[] = [];
  for (const file of files) {
    for (const section of file.context ?? []) {
      for (const secret of findSecretsInText(file.path, section.lines.join("\n"))) {
        if (seen.has(secret.value)) continue;
        seen.add(secret.value);
        found.push(secret);
      }
    }
  }
  return found;
}
