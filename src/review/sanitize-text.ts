/**
 * Makes model-written text safe to post on GitHub. The model read untrusted code, so its words are
 * untrusted too: no HTML, no mentions, no images, no links except to reference sites, no hidden
 * direction-changing characters, bounded length.
 */

const LINK_HOSTS = new Set([
  "cwe.mitre.org",
  "owasp.org",
  "cheatsheetseries.owasp.org",
  "nvd.nist.gov",
  "cve.mitre.org",
  "developer.mozilla.org",
]);

// Bidi overrides/isolates and zero-width characters can make posted text read differently from
// what it is (CVE-2021-42574); none belongs in a review comment's prose.
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060\uFEFF]/g;

export function sanitizeText(text: string, maxLength: number): string {
  const cleaned = splitCodeSpans(text.replace(INVISIBLE, ""))
    .map((piece) => (piece.code ? piece.text.replace(/\r?\n/g, " ") : sanitizeProse(piece.text)))
    .join("");
  return truncate(cleaned, maxLength);
}

/** Single-line text such as a title: newlines would break the comment's layout. */
export function sanitizeLine(text: string, maxLength: number): string {
  return sanitizeText(text.replace(/\s*\r?\n\s*/g, " "), maxLength);
}

function sanitizeProse(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/!\[/g, "\\![")
    .replace(/\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)/g, (_m, label: string, url: string) => (isAllowedUrl(url) ? `[${label}](${url})` : label))
    .replace(/\bhttps?:\/\/[^\s)\]]+/gi, (url: string) => (isAllowedUrl(url) ? url : `\`${url.replace(/`/g, "")}\``))
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, "$1@\u2060")
    .replace(/^(\s*)#(?=\d)/gm, "$1\\#");
}

function isAllowedUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && LINK_HOSTS.has(parsed.hostname.toLowerCase());
  } catch {
    return false;
  }
}

interface Piece {
  text: string;
  code: boolean;
}

/** Splits on inline code spans (`x`, ``x``) so code keeps its characters and prose is escaped. */
function splitCodeSpans(text: string): Piece[] {
  const pieces: Piece[] = [];
  const pattern = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > last) pieces.push({ text: text.slice(last, start), code: false });
    pieces.push({ text: match[0], code: true });
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), code: false });
  return pieces;
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, Math.max(0, maxLength - 1));
  // An odd number of backticks would leave a code span open and swallow what follows.
  const ticks = (cut.match(/`/g) ?? []).length;
  return `${ticks % 2 === 1 ? cut.replace(/`[^`]*$/, "") : cut}…`;
}

/** A fence longer than any backtick run in the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}
