/**
 * Turns a whole `git diff` (or `diff -u`) into the per-file records GitHub's pull request files API
 * returns, so a local change flows through the same core as a pull request. Pure and total: text
 * it does not understand is skipped, never thrown.
 */
import type { ChangedFile } from "../diff/types.js";
import { decodePath, parseDiffGitPaths, stripPrefix } from "./git-path.js";

interface Section {
  gitOld?: string | undefined;
  gitNew?: string | undefined;
  minusPath?: string | undefined;
  plusPath?: string | undefined;
  renameOld?: string | undefined;
  renameNew?: string | undefined;
  added: boolean;
  removed: boolean;
  moved?: "renamed" | "copied" | undefined;
  modeChanged: boolean;
  binary: boolean;
  sawMinus: boolean;
  hunkLines: string[];
  additions: number;
  deletions: number;
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const DEV_NULL = "/dev/null";

function newSection(gitPaths?: { oldPath: string; newPath: string }): Section {
  return {
    gitOld: gitPaths && stripPrefix(gitPaths.oldPath, "a/"),
    gitNew: gitPaths && stripPrefix(gitPaths.newPath, "b/"),
    added: false,
    removed: false,
    modeChanged: false,
    binary: false,
    sawMinus: false,
    hunkLines: [],
    additions: 0,
    deletions: 0,
  };
}

export function splitUnifiedDiff(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let section: Section | undefined;
  let left = { old: 0, new: 0 };
  let inBinaryData = false;
  const finish = () => {
    const file = section && toChangedFile(section);
    if (file) files.push(file);
  };
  lines.forEach((raw, i) => {
    // Inside a hunk only the header's counts say where it ends: "--- x" there is a deleted "-- x".
    if (section && (left.old > 0 || left.new > 0) && countBodyLine(section, raw, left)) return;
    left = { old: 0, new: 0 };
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.startsWith("diff --git ")) {
      finish();
      section = newSection(parseDiffGitPaths(line.slice("diff --git ".length)));
      inBinaryData = false;
    } else if (inBinaryData) {
      return;
    } else if (startsPlainDiff(line, lines[i + 1], section)) {
      finish();
      section = newSection();
      readHeaderLine(section, line);
    } else if (section && HUNK_HEADER.test(line)) {
      const [, oldCount, newCount] = HUNK_HEADER.exec(line) ?? [];
      left = { old: oldCount === undefined ? 1 : Number(oldCount), new: newCount === undefined ? 1 : Number(newCount) };
      section.hunkLines.push(raw);
    } else if (section && section.hunkLines.length > 0) {
      // "\ No newline at end of file" after a hunk's last line belongs to the hunk.
      if (raw.startsWith("\\")) section.hunkLines.push(raw);
    } else if (section) {
      inBinaryData = readHeaderLine(section, line);
    }
  });
  finish();
  return files;
}

/** Adds a hunk body line; false when the line cannot be one (a malformed, short hunk). */
function countBodyLine(section: Section, raw: string, left: { old: number; new: number }): boolean {
  const first = raw.charAt(0);
  if (first === "+") {
    section.additions += 1;
    left.new -= 1;
  } else if (first === "-") {
    section.deletions += 1;
    left.old -= 1;
  } else if (first === " " || raw === "" || raw === "\r") {
    left.old -= 1;
    left.new -= 1;
  } else if (first !== "\\") {
    return false;
  }
  section.hunkLines.push(raw);
  return true;
}

/** A `---`/`+++` pair outside any `diff --git` section, as `diff -u` writes it. */
function startsPlainDiff(line: string, next: string | undefined, section: Section | undefined): boolean {
  if (!line.startsWith("--- ") || !next?.startsWith("+++ ")) return false;
  return !section || section.hunkLines.length > 0 || section.sawMinus;
}

/** Reads one extended header line; true when binary patch data follows. */
function readHeaderLine(section: Section, line: string): boolean {
  const value = (prefix: string) => decodePath(line.slice(prefix.length));
  if (line.startsWith("new file mode ")) section.added = true;
  else if (line.startsWith("deleted file mode ")) section.removed = true;
  else if (line.startsWith("old mode ") || line.startsWith("new mode ")) section.modeChanged = true;
  else if (line.startsWith("rename from ") || line.startsWith("copy from ")) {
    section.moved = line.startsWith("rename") ? "renamed" : "copied";
    section.renameOld = value(line.startsWith("rename") ? "rename from " : "copy from ");
  } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
    section.renameNew = value(line.startsWith("rename") ? "rename to " : "copy to ");
  } else if (line.startsWith("--- ")) {
    const path = value("--- ");
    section.sawMinus = true;
    if (path === DEV_NULL) section.added = true;
    else section.minusPath = stripPrefix(path, "a/");
  } else if (line.startsWith("+++ ")) {
    const path = value("+++ ");
    if (path === DEV_NULL) section.removed = true;
    else section.plusPath = stripPrefix(path, "b/");
  } else if (line.startsWith("Binary files ")) {
    section.binary = true;
  } else if (line === "GIT binary patch") {
    section.binary = true;
    return true;
  }
  return false;
}

function toChangedFile(s: Section): ChangedFile | undefined {
  const oldPath = s.renameOld ?? s.minusPath ?? s.gitOld;
  const newPath = s.renameNew ?? s.plusPath ?? s.gitNew;
  const filename = s.removed ? (oldPath ?? newPath) : (newPath ?? oldPath);
  if (filename === undefined) return undefined;
  const file: ChangedFile = {
    filename,
    status: statusOf(s),
    // No patch means "binary" to the file selection, as with GitHub; "" means "nothing added".
    patch: s.binary ? undefined : s.hunkLines.join("\n"),
    additions: s.additions,
    deletions: s.deletions,
    changes: s.additions + s.deletions,
  };
  return s.moved && oldPath !== undefined ? { ...file, previous_filename: oldPath } : file;
}

function statusOf(s: Section): ChangedFile["status"] {
  if (s.added) return "added";
  if (s.removed) return "removed";
  if (s.moved) return s.moved;
  return s.modeChanged && s.hunkLines.length === 0 && !s.binary ? "changed" : "modified";
}
