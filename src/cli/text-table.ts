/** Width in code points, so a path such as `café.ts` lines up like an ASCII one. */
function width(text: string): number {
  return [...text].length;
}

/** Left-aligned columns for terminal text; the last column is never padded. */
export function textTable(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map(
    (row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - width(cell)))).join("  "),
  );
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function usd(amount: number): string {
  return `$${amount.toFixed(amount >= 1 ? 2 : 4)}`;
}
