/**
 * Paths as git prints them in diff headers. With core.quotePath (the default) a path holding a
 * byte outside printable ASCII, a quote, a backslash or a control character is written as a C
 * string: `"caf\303\251.ts"`, where the octal escapes are the UTF-8 bytes of the name.
 */

const ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/** Reads a C-quoted string starting at `start` (on its opening quote); returns it and the index after it. */
export function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] ?? "";
    if (ch === '"') return { value: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      i += 1;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0];
    if (octal !== undefined) {
      bytes.push(parseInt(octal, 8) & 0xff);
      i += 1 + octal.length;
    } else {
      const next = text[i + 1] ?? "";
      bytes.push(...(ESCAPES[next] !== undefined ? [ESCAPES[next]] : Buffer.from(next, "utf8")));
      i += 2;
    }
  }
  return undefined; // never closed: not a quoted path after all
}

/** A path from a `---`, `+++`, `rename from` or `Binary files` position, unquoted when quoted. */
export function decodePath(raw: string): string {
  const quoted = readQuoted(raw, 0);
  if (quoted) return quoted.value;
  // git ends an unquoted name holding a space with a tab (and `diff -u` puts a timestamp there).
  const tab = raw.indexOf("\t");
  return tab === -1 ? raw : raw.slice(0, tab);
}

export function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The two paths of `diff --git a/<old> b/<new>`. Unquoted names may hold spaces, so the line is
 * only unambiguous when both names are equal; otherwise the rename or ---/+++ lines that follow
 * name the files, and this split at " b/" is a last resort.
 */
export function parseDiffGitPaths(rest: string): { oldPath: string; newPath: string } | undefined {
  const first = readQuoted(rest, 0);
  if (first) {
    const second = rest.slice(first.end).trimStart();
    return { oldPath: first.value, newPath: decodePath(second) };
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond !== -1) {
    const second = readQuoted(rest, quotedSecond + 1);
    if (second) return { oldPath: rest.slice(0, quotedSecond), newPath: second.value };
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === " " && samePath(rest.slice(0, half), rest.slice(half + 1))) {
    return { oldPath: rest.slice(0, half), newPath: rest.slice(half + 1) };
  }
  const split = rest.indexOf(" b/");
  return split === -1 ? undefined : { oldPath: rest.slice(0, split), newPath: rest.slice(split + 1) };
}

function samePath(a: string, b: string): boolean {
  return a.slice(a.indexOf("/") + 1) === b.slice(b.indexOf("/") + 1);
}
