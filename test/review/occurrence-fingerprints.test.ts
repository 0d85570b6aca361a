import { describe, expect, it } from "vitest";
import { buildLineIndex, type LineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { anchorFindings } from "../../src/review/anchor-findings.js";
import type { Finding } from "../../src/review/finding.js";
import { fingerprintOf } from "../../src/review/fingerprint.js";
import type { FindingThread } from "../../src/review/finding-threads.js";
import { findFixedThreads } from "../../src/review/fixed-threads.js";
import { restrictToChanges } from "../../src/review/incremental-scope.js";
import { COPIED_EXEC, copiedHandlersPatch, execFinding } from "../fixtures/copied-handlers.js";

const PATH = "src/routes/admin.js";
const EXEC = COPIED_EXEC;

/** A new file with a copied handler: the same vulnerable line on 3 and 7. */
const COPIED = copiedHandlersPatch();

/** The same file after a push that edits an unrelated line above both copies (two lines added on top). */
const EDITED_ABOVE = copiedHandlersPatch(["const { exec } = require('node:child_process');", ""]);

const indexOf = (patch: string): LineIndex => buildLineIndex(parsePatch(patch).hunks);

const onLine = (line: number): Finding => execFinding(PATH, line);

function placed(patch: string, lines: number[]) {
  return anchorFindings(lines.map(onLine), new Map([[PATH, indexOf(patch)]])).inline.map((a) => ({ line: a.line, fp: a.fingerprint }));
}

describe("occurrence-aware fingerprints", () => {
  it("gives two identical vulnerable lines two fingerprints, the first one as before", () => {
    const [first, second] = placed(COPIED, [3, 7]);
    expect([first?.line, second?.line]).toEqual([3, 7]);
    expect(first?.fp).not.toBe(second?.fp);
    // The first copy keeps the recipe of earlier versions: findings already posted are still recognised.
    expect(first?.fp).toBe(fingerprintOf({ check_id: "command-injection", path: PATH }, EXEC));
  });

  it("keeps both fingerprints when an unrelated edit above moves the lines", () => {
    const before = placed(COPIED, [3, 7]);
    const after = placed(EDITED_ABOVE, [5, 9]);
    expect(after.map((a) => a.line)).toEqual([5, 9]);
    expect(after.map((a) => a.fp)).toEqual(before.map((a) => a.fp));
  });

  it("counts copies over the whole pull request when the review was narrowed to new commits' hunks", () => {
    // Two hunks, each holding one copy; the new commit only touched the second hunk.
    const wholePatch = [
      "@@ -1,3 +1,4 @@",
      " router.post('/backup', (req, res) => {",
      "   audit(req);",
      `+${EXEC}`,
      " });",
      "@@ -40,3 +41,4 @@",
      " router.post('/backup-now', (req, res) => {",
      "   audit(req);",
      `+${EXEC}`,
      " });",
    ].join("\n");
    const pushed = ["@@ -43,2 +43,3 @@", "   audit(req);", `+${EXEC}`, " });"].join("\n");
    const whole: ChangedFile = { filename: PATH, status: "modified", additions: 1, deletions: 0, changes: 1, patch: wholePatch };
    const narrowed = restrictToChanges([whole], [{ filename: PATH, status: "modified", additions: 1, deletions: 0, changes: 1, patch: pushed }]).files[0];
    expect(narrowed?.patch).not.toContain("'/backup'");
    const full = anchorFindings([onLine(43)], new Map([[PATH, indexOf(wholePatch)]])).inline[0];
    const incremental = anchorFindings([onLine(43)], new Map([[PATH, indexOf(narrowed?.patch ?? "")]]), {
      occurrenceIndex: new Map([[PATH, indexOf(wholePatch)]]),
    }).inline[0];
    expect(incremental?.line).toBe(43);
    expect(incremental?.fingerprint).toBe(full?.fingerprint);
    expect(incremental?.fingerprint).not.toBe(fingerprintOf({ check_id: "command-injection", path: PATH }, EXEC));
  });

  it("marks neither copy fixed while both are there, and only the removed one once a copy is gone", () => {
    const [first, second] = placed(COPIED, [3, 7]);
    const thread = (fp: string, id: number): FindingThread => ({
      threadId: `T${id}`,
      commentId: id,
      path: PATH,
      fingerprint: fp,
      checkId: "command-injection",
      isResolved: false,
      isOutdated: false,
      dismissed: false,
      humanReplied: false,
    });
    const threads = [thread(first?.fp ?? "", 1), thread(second?.fp ?? "", 2)];
    const file = (patch: string): ChangedFile[] => [{ filename: PATH, status: "added", additions: 1, deletions: 0, changes: 1, patch }];
    expect(findFixedThreads(threads, file(EDITED_ABOVE), new Set())).toEqual([]);
    const oneLeft = ["@@ -0,0 +1,6 @@", "+router.post('/backup', (req, res) => {", "+  audit(req);", `+${EXEC}`, "+});", "+router.post('/backup-now', (req, res) => {", "+});"].join("\n");
    expect(findFixedThreads(threads, file(oneLeft), new Set()).map((t) => t.commentId)).toEqual([2]);
  });
});
