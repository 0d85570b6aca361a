/**
 * Finds which reviewed file a path the model wrote means. Models write `./src/x.js`, `b/src/x.js`
 * (from the diff header), `/src/x.js`, another letter case, or only the end of the path; each
 * is tried in turn, and a guess is made only when exactly one file fits.
 */
export function resolvePath(given: string, known: readonly string[]): string | undefined {
  if (known.includes(given)) return given;
  const cleaned = cleanPath(given);
  if (cleaned === "") return undefined;
  if (known.includes(cleaned)) return cleaned;
  const lower = cleaned.toLowerCase();
  const byCase = known.filter((path) => path.toLowerCase() === lower);
  if (byCase.length === 1) return byCase[0];
  // The model's path is the end of a known one ("x.js" for "src/x.js"), or a known one is the end
  // of the model's ("repo/src/x.js"): always at a directory boundary.
  const bySuffix = known.filter((path) => {
    const p = path.toLowerCase();
    return p.endsWith(`/${lower}`) || lower.endsWith(`/${p}`);
  });
  return bySuffix.length === 1 ? bySuffix[0] : undefined;
}

/** `./`, `a/`, `b/`, a leading `/`, backslashes and surrounding quotes or backticks removed. */
export function cleanPath(path: string): string {
  let p = path.trim().replace(/^[`'"]+|[`'"]+$/g, "").replace(/\\/g, "/");
  for (;;) {
    const next = p.replace(/^(?:\.\/|[ab]\/|\/+)/, "");
    if (next === p) return p;
    p = next;
  }
}
