/** Small Markdown helpers for text we compose around untrusted values such as file paths. */

/** An inline code span that survives backticks inside the value. */
export function code(value: string): string {
  const clean = value.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...Array.from(clean.matchAll(/`+/g), (m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/**
 * `code` for a GitHub table cell: the table is split on `|` before code spans are read, so pipes
 * are escaped (GitHub drops the backslash). Outside a table the backslash would show.
 */
export function cellCode(value: string): string {
  return code(value).replace(/\|/g, "\\|");
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Keeps a list readable and the body under GitHub's size limit: the rest becomes one line. */
export function capList(items: readonly string[], max: number, more: (rest: number) => string): string[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), more(items.length - max)];
}
