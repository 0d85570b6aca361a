/** The known key a typo most likely meant: edit distance at most 2, or a prefix/suffix match. */
export function closestKey(typed: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const key of known) {
    const distance = editDistance(typed.toLowerCase(), key);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return best ?? affixMatch(typed.toLowerCase(), known);
}

/** `drafts` for `review_drafts`, `fail_on_severity` for `fail_on`; short stems match too much. */
function affixMatch(typed: string, known: readonly string[]): string | undefined {
  const contains = (long: string, short: string) => short.length >= 4 && (long.startsWith(short) || long.endsWith(short));
  return known.find((key) => contains(key, typed) || contains(typed, key));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Number.POSITIVE_INFINITY;
}
