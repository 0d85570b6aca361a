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

// Bidi controls (CVE-2021-42574), zero-width and invisible characters, and Unicode tag characters
// can make posted text read differently from what it is; none belongs in a review comment. The
// Hangul fillers are letters to JavaScript yet show as blanks: an identifier nobody sees.
// Combining and conjoining ones are alternatives of their own: in a class they could read as one
// character together with a neighbour.
const INVISIBLE_SOURCE =
  "[\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\u3164\\uFEFF\\uFFA0\\uFFF9-\\uFFFB" +
  "\\u{1D173}-\\u{1D17A}\\u{E0000}-\\u{E007F}]|\\u034F|\\u115F|\\u1160|\\u17B4|\\u17B5";
const INVISIBLE = new RegExp(INVISIBLE_SOURCE, "gu");

// Line breaks some readers honour and others do not: JavaScript ends a line (and a `//` comment)
// at U+2028, which a page may show as no break at all, so code after it would run unseen.
const HIDDEN_BREAK_SOURCE = "[\\u0085\\u2028\\u2029]";
const HIDDEN_BREAK = new RegExp(HIDDEN_BREAK_SOURCE, "g");

/** True when the text holds a character that sanitizeText would remove as invisible or as a hidden break. */
export function hasInvisible(text: string): boolean {
  return new RegExp(`${INVISIBLE_SOURCE}|${HIDDEN_BREAK_SOURCE}`, "u").test(text);
}

// Inline links `[label](url)`, and what GitHub turns into links on its own (GFM autolinks).
const URL_CHARS = "[^\\s()<>`\\\\[\\]]+";
const TOKEN = new RegExp(`\\[([^[\\]\\n]*)\\]\\((${URL_CHARS})\\)|(?:https?|ftp):\\/\\/${URL_CHARS}|www\\.${URL_CHARS}`, "gi");

export function sanitizeText(text: string, maxLength: number): string {
  const pieces = splitCodeSpans(text.replace(HIDDEN_BREAK, " ").replace(INVISIBLE, ""));
  const rendered = pieces.map(render);
  if (rendered.reduce((n, r) => n + r.length, 0) <= maxLength) return rendered.join("");
  // Cut whole pieces: a code span cut in half would turn its verbatim content into prose.
  const room = Math.max(0, maxLength - 1);
  let out = "";
  for (const [i, piece] of pieces.entries()) {
    const r = rendered[i] ?? "";
    if (out.length + r.length > room) {
      if (!piece.code) out += fitProse(piece.text, room - out.length);
      break;
    }
    out += r;
  }
  return `${out}…`;
}

/** Single-line text such as a title: newlines would break the comment's layout. */
export function sanitizeLine(text: string, maxLength: number): string {
  return sanitizeText(text.replace(/\s*[\r\n]\s*/g, " "), maxLength);
}

/**
 * A code span is kept verbatim on one line: GitHub ends a line at a lone `\r` too, and a blank line
 * or an HTML block start inside the span would end it and expose its content as raw HTML.
 */
function render(piece: Piece): string {
  return piece.code ? piece.text.replace(/\r\n?|\n/g, " ") : sanitizeProse(piece.text);
}

/**
 * The longest prefix of the raw prose whose sanitized form fits: sanitizing after cutting keeps the
 * cut safe. Searched by halving, as escaping can make text four times longer (`<` is `&lt;`) and
 * cutting by the overshoot alone could throw all of it away.
 */
function fitProse(raw: string, room: number): string {
  const cut = (end: number) => (end > 0 && /[\uDC00-\uDFFF]/.test(raw.charAt(end)) ? end - 1 : end); // never split a surrogate pair
  let fits = 0;
  let over = raw.length + 1;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (sanitizeProse(raw.slice(0, cut(mid))).length <= room) fits = mid;
    else over = mid;
  }
  return sanitizeProse(raw.slice(0, cut(fits)));
}

/** Links survive only to allow-listed https hosts; everything else is escaped text. */
function sanitizeProse(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [whole, label, url] = match;
    out += escapeProse(text.slice(last, match.index));
    if (label !== undefined && url !== undefined) {
      out += isAllowedUrl(url) ? `[${sanitizeProse(label)}](${url})` : sanitizeProse(label);
    } else {
      // A code span is not clickable; the URL's characters exclude backticks so it cannot close early.
      out += isAllowedUrl(whole) ? whole : `\`${whole}\``;
    }
    last = match.index + whole.length;
  }
  return out + escapeProse(text.slice(last));
}

/**
 * Backslash-escapes what could start Markdown syntax (links, images, code spans and fences, escapes),
 * turns HTML into text, and breaks mentions and issue references at a line start. Pipes too: GitHub
 * splits a table row into cells before it reads code spans, so prose that builds a table could cut
 * a code span in two and expose its content as raw HTML; an escaped pipe reads the same.
 */
function escapeProse(text: string): string {
  return text
    .replace(/[\\`[\]!~|]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/(^|\W)@(?=[A-Za-z0-9])/g, "$1@\u2060")
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

/** A fence longer than any backtick run in the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}
