/**
 * Parses the per-file `patch` text GitHub returns in `GET /pulls/{n}/files` into hunks with
 * old/new line numbers. Pure, single pass over the lines, never throws: anything it cannot
 * understand goes into `problems` so one odd file cannot sink a whole review.
 */
import type { DiffLine, Hunk, ParsedPatch } from "./types.js";

type Problem = ParsedPatch["problems"][number];

// Only hunk headers hit a regex, so the cost stays per hunk rather than per line or character.
// dotAll: the section is a source line and may hold `\r`, U+2028 or U+2029, which `.` skips otherwise.
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/s;

// git's file-level header lines; GitHub strips them, but pasted or locally produced patches keep them.
const FILE_HEADER_PREFIXES = [
  "diff ", "index ", "--- ", "+++ ", "old mode ", "new mode ", "new file mode ", "deleted file mode ",
  "similarity index ", "dissimilarity index ", "rename from ", "rename to ", "copy from ", "copy to ",
  "Binary files ",
];

const PLUS = 43; // "+"
const MINUS = 45; // "-"
const SPACE = 32; // " "
const BACKSLASH = 92; // "\"

interface OpenHunk {
  hunk: Hunk;
  headerLine: number;
  /** The header ended in `\r`, so every line of this hunk carries a `\r\n` terminator. */
  crlfPatch: boolean;
  oldLeft: number;
  newLeft: number;
  nextOld: number;
  nextNew: number;
}

type State = "preamble" | "fileHeader" | "hunk" | "brokenHunk";

function stripCr(s: string): string {
  return s.endsWith("\r") ? s.slice(0, -1) : s;
}

function isFileHeader(line: string): boolean {
  return FILE_HEADER_PREFIXES.some((p) => line.startsWith(p));
}

function openHunk(raw: string, headerLine: number): OpenHunk | undefined {
  const crlfPatch = raw.endsWith("\r");
  const m = HUNK_HEADER.exec(crlfPatch ? raw.slice(0, -1) : raw);
  if (!m) return undefined;
  // An omitted count means 1 (unified diff format); group 1 and 3 are mandatory in the regex.
  const oldLines = m[2] === undefined ? 1 : Number(m[2]);
  const newLines = m[4] === undefined ? 1 : Number(m[4]);
  const hunk: Hunk = {
    oldStart: Number(m[1]),
    oldLines,
    newStart: Number(m[3]),
    newLines,
    section: (m[5] ?? "").trim(),
    lines: [],
  };
  return {
    hunk,
    headerLine,
    crlfPatch,
    oldLeft: oldLines,
    newLeft: newLines,
    nextOld: hunk.oldStart,
    nextNew: hunk.newStart,
  };
}

/** Adds one body line to the open hunk; returns a problem message when the line does not fit. */
function addBodyLine(h: OpenHunk, raw: string): string | undefined {
  // In a CRLF patch the first `\r` is the terminator and a second one belongs to a CRLF file.
  const line = stripCr(h.crlfPatch ? stripCr(raw) : raw);
  const first = line.charCodeAt(0);
  let kind: DiffLine["kind"];
  if (first === PLUS) kind = "add";
  else if (first === MINUS) kind = "del";
  else if (first === SPACE || line.length === 0) kind = "context";
  else return "unexpected line inside a hunk (it should start with '+', '-' or ' ')";

  const wantsOld = kind !== "add";
  const wantsNew = kind !== "del";
  if ((wantsOld && h.oldLeft === 0) || (wantsNew && h.newLeft === 0)) {
    return `${kind === "add" ? "added" : kind === "del" ? "deleted" : "context"} line beyond the hunk header's counts`;
  }
  const content = line.length === 0 ? "" : line.slice(1);
  h.hunk.lines.push({
    kind,
    content,
    oldLine: wantsOld ? h.nextOld++ : null,
    newLine: wantsNew ? h.nextNew++ : null,
  });
  if (wantsOld) h.oldLeft--;
  if (wantsNew) h.newLeft--;
  return undefined;
}

function shortfall(h: OpenHunk): Problem | undefined {
  if (h.oldLeft === 0 && h.newLeft === 0) return undefined;
  return {
    patchLine: h.headerLine,
    message: `hunk is shorter than its header says: missing ${h.oldLeft} old-side and ${h.newLeft} new-side lines`,
  };
}

/** Judges a line that no hunk is waiting for; undefined means it is harmless and skipped. */
function outsideHunkProblem(line: string, state: State): string | undefined {
  if (line.length === 0) return undefined;
  if (state === "brokenHunk") return undefined; // reported once, at its header
  if (state === "hunk") return "line beyond the hunk header's counts";
  return isFileHeader(line) ? undefined : "text before the first hunk header";
}

export function parsePatch(patch: string): ParsedPatch {
  const hunks: Hunk[] = [];
  const problems: Problem[] = [];
  if (patch.length === 0) return { hunks, problems };

  const rows = patch.split("\n");
  let state: State = "preamble";
  let open: OpenHunk | undefined;

  const closeOpen = (): void => {
    if (!open) return;
    const p = shortfall(open);
    if (p) problems.push(p);
    open = undefined;
  };

  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i] ?? "";
    const patchLine = i + 1;
    // "\ No newline at end of file" (its wording is localised): a marker, not a line.
    if (raw.charCodeAt(0) === BACKSLASH) continue;

    if (raw.startsWith("@@")) {
      closeOpen();
      open = openHunk(raw, patchLine);
      if (open) {
        hunks.push(open.hunk);
        state = "hunk";
      } else {
        problems.push({ patchLine, message: "unreadable hunk header" });
        state = "brokenHunk";
      }
      continue;
    }

    if (open && (open.oldLeft > 0 || open.newLeft > 0)) {
      const message = addBodyLine(open, raw);
      if (message) problems.push({ patchLine, message });
      continue;
    }

    if (raw.startsWith("diff ")) {
      closeOpen();
      state = "fileHeader";
      continue;
    }
    const message = outsideHunkProblem(stripCr(raw), state);
    if (message) problems.push({ patchLine, message });
  }
  closeOpen();
  return { hunks, problems };
}
