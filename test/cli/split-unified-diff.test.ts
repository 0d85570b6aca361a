import { describe, expect, it } from "vitest";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { selectFiles } from "../../src/diff/select-files.js";
import { decodePath, parseDiffGitPaths } from "../../src/cli/git-path.js";
import { splitUnifiedDiff } from "../../src/cli/split-unified-diff.js";

const diff = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("splitUnifiedDiff on git output", () => {
  it("reads a rename with changes: new name, previous name, hunks only, counts", () => {
    const [file, ...rest] = splitUnifiedDiff(
      diff(
        "diff --git a/src/old.ts b/src/new.ts",
        "similarity index 85%",
        "rename from src/old.ts",
        "rename to src/new.ts",
        "index f9d9a01..5c2dbfa 100644",
        "--- a/src/old.ts",
        "+++ b/src/new.ts",
        "@@ -4,4 +4,4 @@ export function f() {",
        " d",
        " e",
        "-g",
        "+G",
        "+H",
        "@@ -20 +21 @@",
        "-x",
        "+y",
      ),
    );
    expect(rest).toEqual([]);
    expect(file).toEqual({
      filename: "src/new.ts",
      previous_filename: "src/old.ts",
      status: "renamed",
      patch: "@@ -4,4 +4,4 @@ export function f() {\n d\n e\n-g\n+G\n+H\n@@ -20 +21 @@\n-x\n+y",
      additions: 3,
      deletions: 2,
      changes: 5,
    });
  });

  it("reads new, deleted, binary and mode-only files with GitHub's statuses", () => {
    const files = splitUnifiedDiff(
      diff(
        "diff --git a/added.ts b/added.ts",
        "new file mode 100644",
        "index 0000000..3e75765",
        "--- /dev/null",
        "+++ b/added.ts",
        "@@ -0,0 +1,2 @@",
        "+export const a = 1;",
        "+export const b = 2;",
        "diff --git a/gone.ts b/gone.ts",
        "deleted file mode 100644",
        "index 286c5f5..0000000",
        "--- a/gone.ts",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-gone",
        "diff --git a/img.png b/img.png",
        "new file mode 100644",
        "index 0000000..dff0752",
        "Binary files /dev/null and b/img.png differ",
        "diff --git a/run.sh b/run.sh",
        "old mode 100644",
        "new mode 100755",
        "diff --git a/src/same.ts b/src/moved.ts",
        "similarity index 100%",
        "rename from src/same.ts",
        "rename to src/moved.ts",
      ),
    );
    expect(files.map((f) => [f.filename, f.status, f.patch, f.additions, f.deletions])).toEqual([
      ["added.ts", "added", "@@ -0,0 +1,2 @@\n+export const a = 1;\n+export const b = 2;", 2, 0],
      ["gone.ts", "removed", "@@ -1 +0,0 @@\n-gone", 0, 1],
      ["img.png", "added", undefined, 0, 0],
      ["run.sh", "changed", "", 0, 0],
      ["src/moved.ts", "renamed", "", 0, 0],
    ]);
    expect(files[4]?.previous_filename).toBe("src/same.ts");
  });

  it("gives the file selection the same reasons a pull request would get", () => {
    const files = splitUnifiedDiff(
      diff(
        "diff --git a/src/logo.ts b/src/logo.ts",
        "index dff0752..53704b5 100644",
        "GIT binary patch",
        "literal 5",
        "McmZ?wbaG^300I^Q0ssI2",
        "",
        "literal 5",
        "McmZ?wbaG^300I^Q0ssI2",
        "",
        "diff --git a/src/run.ts b/src/run.ts",
        "old mode 100644",
        "new mode 100755",
      ),
    );
    expect(selectFiles(files).skipped).toEqual([
      { path: "src/logo.ts", reason: "binary or too large (GitHub sent no diff)" },
      { path: "src/run.ts", reason: "no added or changed lines" },
    ]);
  });

  it("keeps '\\ No newline at end of file' in the patch, inside and after a hunk", () => {
    const [file] = splitUnifiedDiff(
      diff("diff --git a/a.ts b/a.ts", "--- a/a.ts", "+++ b/a.ts", "@@ -1 +1 @@", "-old", "\\ No newline at end of file", "+new", "\\ No newline at end of file"),
    );
    expect(file?.patch).toBe("@@ -1 +1 @@\n-old\n\\ No newline at end of file\n+new\n\\ No newline at end of file");
    expect(parsePatch(file?.patch ?? "").problems).toEqual([]);
  });

  it("keeps CRLF line ends of a CRLF file, and reads a patch saved with CRLF throughout", () => {
    const crlfFile = diff("diff --git a/w.ts b/w.ts", "--- a/w.ts", "+++ b/w.ts", "@@ -1,2 +1,2 @@", " x\r", "-y\r", "+Y\r");
    expect(splitUnifiedDiff(crlfFile)[0]?.patch).toBe("@@ -1,2 +1,2 @@\n x\r\n-y\r\n+Y\r");
    const savedOnWindows = crlfFile.replace(/\r?\n/g, "\r\n");
    const [file] = splitUnifiedDiff(savedOnWindows);
    expect(file).toMatchObject({ filename: "w.ts", status: "modified", additions: 1, deletions: 1 });
    expect(parsePatch(file?.patch ?? "").hunks[0]?.lines.map((l) => l.content)).toEqual(["x", "y", "Y"]);
  });

  it("decodes git's quoted paths: octal UTF-8 bytes, escaped quotes and tabs", () => {
    const files = splitUnifiedDiff(
      diff(
        'diff --git "a/caf\\303\\251.ts" "b/caf\\303\\251.ts"',
        "index a9074c7..7656f3e 100644",
        '--- "a/caf\\303\\251.ts"',
        '+++ "b/caf\\303\\251.ts"',
        "@@ -1 +1,2 @@",
        " caf",
        "+café2",
        'diff --git "a/q\\"uote.ts" "b/q\\"uote.ts"',
        "new file mode 100644",
        "Binary files /dev/null and \"b/q\\\"uote.ts\" differ",
        'diff --git "a/ta\\tb.ts" "b/ta\\tb.ts"',
        "deleted file mode 100644",
        '--- "a/ta\\tb.ts"',
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-tab",
      ),
    );
    expect(files.map((f) => f.filename)).toEqual(["café.ts", 'q"uote.ts', "ta\tb.ts"]);
  });

  it("reads names with spaces: git ends them with a tab on ---/+++ lines", () => {
    const [file] = splitUnifiedDiff(
      diff(
        "diff --git a/sp ace.ts b/sp ace2.ts",
        "similarity index 55%",
        "rename from sp ace.ts",
        "rename to sp ace2.ts",
        "--- a/sp ace.ts\t",
        "+++ b/sp ace2.ts\t",
        "@@ -1 +1,2 @@",
        " keep",
        "+more",
      ),
    );
    expect(file).toMatchObject({ filename: "sp ace2.ts", previous_filename: "sp ace.ts", status: "renamed" });
  });

  it("trusts the hunk counts: a deleted '-- x' line is not a file header", () => {
    const files = splitUnifiedDiff(
      diff("diff --git a/q.sql b/q.sql", "--- a/q.sql", "+++ b/q.sql", "@@ -1,2 +1,1 @@", "--- comment", "+++ x", "-select 1;"),
    );
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ filename: "q.sql", additions: 1, deletions: 2 });
  });

  it("reads plain `diff -u` output, a format-patch mail, and no input at all", () => {
    const plain = diff("--- old/api.py\t2026-01-01 10:00:00", "+++ new/api.py\t2026-01-02 10:00:00", "@@ -1 +1 @@", "-a", "+b");
    expect(splitUnifiedDiff(plain)[0]).toMatchObject({ filename: "new/api.py", status: "modified", additions: 1 });
    const mail = diff("From abc Mon Sep 17 00:00:00 2001", "Subject: [PATCH] x", "---", " a.ts | 1 +", "", "diff --git a/a.ts b/a.ts", "--- a/a.ts", "+++ b/a.ts", "@@ -0,0 +1 @@", "+x", "-- ", "2.39.5");
    expect(splitUnifiedDiff(mail).map((f) => [f.filename, f.patch])).toEqual([["a.ts", "@@ -0,0 +1 @@\n+x"]]);
    expect(splitUnifiedDiff("")).toEqual([]);
  });
});

describe("git paths", () => {
  it("splits an unquoted header only where both names agree", () => {
    expect(parseDiffGitPaths("a/x y.ts b/x y.ts")).toEqual({ oldPath: "a/x y.ts", newPath: "b/x y.ts" });
    expect(parseDiffGitPaths('a/plain.ts "b/caf\\303\\251.ts"')).toEqual({ oldPath: "a/plain.ts", newPath: "b/café.ts" });
    expect(decodePath('"unterminated')).toBe('"unterminated');
    expect(decodePath('"a\\\\b\\n"')).toBe("a\\b\n");
  });
});
