/**
 * A synthetic pull request with the mix a large real one has: mostly small multi-hunk edits to
 * server code, new files (a few very large, so chunking must split them), renames with and without
 * changes, deletions, and the files the App skips (docs, front-end, lock files, generated, binary).
 * Sizes are log-distributed: most patches are a few dozen lines, a few are thousands.
 */
import { addedFile, changedFile, type HunkSpec } from "../../dev/scenario-kit.js";
import type { ChangedFile } from "../../src/diff/types.js";
import { codeLines, type Dialect } from "./code-lines.js";
import { createRandom, type Random } from "../lib/random.js";

type Kind = "modified" | "added" | "renamed" | "pureRename" | "removed" | "docs" | "frontEnd" | "lock" | "generated" | "binary";

const KIND_WEIGHTS: readonly [Kind, number][] = [
  ["modified", 52], ["added", 14], ["renamed", 4], ["pureRename", 2], ["removed", 4],
  ["docs", 7], ["frontEnd", 9], ["lock", 2], ["generated", 4], ["binary", 2],
];
const DIALECTS: readonly [Dialect, string][] = [["ts", "ts"], ["go", "go"], ["py", "py"], ["java", "java"]];
const AREAS = ["billing", "accounts", "orders", "search", "auth", "notifications", "reports", "gateway"];

function pickKind(r: Random): Kind {
  let roll = r.next() * KIND_WEIGHTS.reduce((total, [, weight]) => total + weight, 0);
  for (const [kind, weight] of KIND_WEIGHTS) if ((roll -= weight) < 0) return kind;
  return "modified";
}

/** A modified file's hunks: 1–8 of them (most have one or two), each a change group in context. */
function editHunks(r: Random, dialect: Dialect): HunkSpec[] {
  const hunks: HunkSpec[] = [];
  let oldStart = r.int(1, 60);
  let newStart = oldStart;
  const count = Math.min(8, 1 + Math.floor(-Math.log(1 - r.next()) / Math.log(2)));
  for (let h = 0; h < count; h++) {
    const deleted = r.chance(0.3) ? 0 : r.logInt(1, 12);
    // Some hunks only delete, as when dead code goes.
    const added = deleted > 0 && r.chance(0.15) ? 0 : r.logInt(1, 40);
    const lines = [
      ...codeLines(r, dialect, 3).map((l) => ` ${l}`),
      ...codeLines(r, dialect, deleted).map((l) => `-${l}`),
      ...codeLines(r, dialect, added, true).map((l) => `+${l}`),
      ...codeLines(r, dialect, 3).map((l) => ` ${l}`),
    ];
    hunks.push({ oldStart, newStart, section: r.chance(0.6) ? codeLines(r, dialect, 1)[0]?.trim() : undefined, lines });
    const gap = r.int(5, 200);
    oldStart += 6 + deleted + gap;
    newStart += 6 + added + gap;
  }
  return hunks;
}

function serverFile(r: Random, kind: Kind, path: string, dialect: Dialect): ChangedFile {
  switch (kind) {
    case "added": {
      // About one new file in 30 is huge (a generated client checked in, a big migration).
      const size = r.chance(1 / 30) ? r.int(2_000, 5_000) : r.logInt(5, 600);
      return addedFile(path, codeLines(r, dialect, size, true));
    }
    case "removed":
      return changedFile(path, "removed", [{ oldStart: 1, newStart: 0, lines: codeLines(r, dialect, r.logInt(5, 300)).map((l) => `-${l}`) }]);
    case "renamed":
      return { ...changedFile(path, "renamed", editHunks(r, dialect).slice(0, 1)), previous_filename: path.replace(/\/([^/]+)$/, "/old-$1") };
    case "pureRename":
      return { filename: path, previous_filename: path.replace(/\/([^/]+)$/, "/legacy-$1"), status: "renamed", additions: 0, deletions: 0, changes: 0 };
    default:
      return changedFile(path, "modified", editHunks(r, dialect));
  }
}

function skippedFile(r: Random, kind: Kind, index: number, area: string): ChangedFile {
  switch (kind) {
    case "docs":
      return changedFile(`docs/${area}/guide-${index}.md`, "modified", editHunks(r, "text"));
    case "frontEnd":
      return changedFile(`web/src/${area}/Panel${index}.tsx`, "modified", editHunks(r, "ts"));
    case "lock":
      return changedFile(`services/${area}-${index}/package-lock.json`, "modified", editHunks(r, "text"));
    case "generated":
      return addedFile(`services/${area}/gen/${area}_${index}.pb.go`, codeLines(r, "go", r.logInt(50, 1_500)));
    default:
      return { filename: `web/public/${area}/banner-${index}.png`, status: "modified", additions: 0, deletions: 0, changes: 0 };
  }
}

/** Odd but real endings: a missing final newline, or a CRLF file (GitHub keeps the `\r`). */
function withQuirks(r: Random, file: ChangedFile): ChangedFile {
  if (file.patch === undefined) return file;
  if (r.chance(0.05)) return { ...file, patch: `${file.patch}\n\\ No newline at end of file` };
  if (r.chance(0.02)) return { ...file, patch: file.patch.split("\n").map((l) => (l.startsWith("@@") ? l : `${l}\r`)).join("\n") };
  return file;
}

export function syntheticPullRequest(fileCount: number, seed: number): ChangedFile[] {
  const r = createRandom(seed);
  return Array.from({ length: fileCount }, (_, i) => {
    const kind = pickKind(r);
    const area = r.pick(AREAS);
    const [dialect, ext] = r.pick(DIALECTS);
    const path = `services/${area}/src/${area}-${kind}-${i}.${ext}`;
    const file = ["docs", "frontEnd", "lock", "generated", "binary"].includes(kind) ? skippedFile(r, kind, i, area) : serverFile(r, kind, path, dialect);
    return withQuirks(r, file);
  });
}
