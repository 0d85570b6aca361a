import type { ChangedFile } from "../../src/diff/types.js";

/**
 * A GitHub-style per-file patch (hunks only) as `git diff` prints it, with the file headers
 * parse-diff needs to know where a file starts and what it is called.
 */
export function asGitDiff(file: ChangedFile): string {
  const from = file.previous_filename ?? file.filename;
  const header = [`diff --git a/${from} b/${file.filename}`];
  if (file.status === "added") header.push("new file mode 100644");
  if (file.status === "removed") header.push("deleted file mode 100644");
  if (file.status === "renamed") header.push("similarity index 90%", `rename from ${from}`, `rename to ${file.filename}`);
  header.push(file.status === "added" ? "--- /dev/null" : `--- a/${from}`);
  header.push(file.status === "removed" ? "+++ /dev/null" : `+++ b/${file.filename}`);
  return `${header.join("\n")}\n${file.patch ?? ""}\n`;
}
