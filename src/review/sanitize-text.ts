/**
 * Makes model-written text safe to post on GitHub. The model read untrusted code, so its words are
 * untrusted too: no HTML, no mentions, no images, no links except to reference sites, no hidden
 * direction-changing characters, bounded length.
 */
import type { Link, Node, Parent, RootContent } from "mdast";
import { code } from "./markdown.js";
import { parseMarkdown, TooDeeplyNestedError } from "./parse-markdown.js";

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

export function sanitizeText(text: string, maxLength: number): string {
  // A lone CR is a line break to GitHub but not to every reader; it has no business in a comment.
  // Text far past the limit would be cut off anyway: it is not parsed (and the output says it was cut).
  const read = text.length > 2 * maxLength + 16 ? text.slice(0, 2 * maxLength + 16) : text;
  const pieces = buildPieces(read.replace(/\r\n/g, "\n").replace(/\r/g, " ").replace(HIDDEN_BREAK, " ").replace(INVISIBLE, ""));
  const whole = pieces.reduce((out, p) => joined(out, p.rendered), "");
  if (whole.length <= maxLength && read === text) return whole;
  // Cut whole pieces: a code span cut in half would turn its verbatim content into prose.
  const room = Math.max(0, maxLength - 1);
  let out = "";
  for (const piece of pieces) {
    const next = joined(out, piece.rendered);
    if (next.length > room) {
      const gap = out.endsWith("`") ? 1 : 0; // room for the space `joined` may put in
      if (piece.fit) out = joined(out, piece.fit(room - out.length - gap));
      break;
    }
    out = next;
  }
  return `${out}…`;
}

/** Two code spans side by side would merge their backtick runs and pair up differently: a space keeps them apart. */
function joined(out: string, piece: string): string {
  return out.endsWith("`") && piece.startsWith("`") ? `${out} ${piece}` : out + piece;
}

/** Single-line text such as a title: newlines would break the comment's layout. */
export function sanitizeLine(text: string, maxLength: number): string {
  return sanitizeText(text.replace(/\s*[\r\n]\s*/g, " "), maxLength);
}

/** Output in order; `fit` cuts a piece that may be cut (prose, a non-clickable URL) to at most `room` characters. */
interface Piece {
  rendered: string;
  fit?: ((room: number) => string) | undefined;
}

const prose = (raw: string): Piece => ({ rendered: escapeText(raw), fit: (room) => fitRaw(raw, room, escapeText) });
const verbatim = (rendered: string): Piece => ({ rendered });

/**
 * The text is parsed as GitHub reads it (GFM) and rebuilt from the tree: the layout of the source
 * stays (line breaks, list markers, emphasis), every node kind is decided on its own. Code spans are
 * kept verbatim on one line; code blocks get a fence of our own and never the `suggestion` info
 * string; links survive only to allow-listed https hosts; images, HTML, mentions, references and
 * definitions become visible text. Text is taken from the source, not the decoded tree, so an
 * entity such as `&#64;` shows as written and never becomes an `@`.
 */
function buildPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  try {
    // Pipes are escaped, so no table survives: the text is judged as the paragraphs it becomes.
    walkChildren(text, parseMarkdown(text, { tables: false }), 0, text.length, pieces);
  } catch (error) {
    // Nesting too deep to parse quickly: all of it becomes escaped text.
    if (!(error instanceof TooDeeplyNestedError || error instanceof RangeError)) throw error;
    return [prose(text)];
  }
  // A mention split between two pieces (`@` + an e-mail link `octocat@b.co`) is one once joined.
  pieces.forEach((piece, i) => {
    if (/(?:^|\W)@$/.test(piece.rendered) && /^[A-Za-z0-9]/.test(pieces[i + 1]?.rendered ?? "")) piece.rendered += "\u2060";
  });
  return pieces;
}

function walkChildren(src: string, parent: Parent, from: number, to: number, out: Piece[]): void {
  let cursor = from;
  for (const child of parent.children) {
    // A node made after parsing (some GFM autolink literals) has no position: its source is left
    // in the gap before the next positioned node and goes out as escaped text, URLs as code.
    if (!child.position) continue;
    const [start, end] = span(child);
    if (start > cursor) out.push(prose(src.slice(cursor, start)));
    renderNode(src, child, parent, out);
    cursor = Math.max(cursor, end);
  }
  if (to > cursor) out.push(prose(src.slice(cursor, to)));
}

function renderNode(src: string, node: RootContent, parent: Parent, out: Piece[]): void {
  const [start, end] = span(node);
  const source = src.slice(start, end);
  switch (node.type) {
    case "inlineCode":
      // A blank line or an HTML block start inside the span would end it and expose its content.
      out.push(verbatim(source.replace(/\r\n?|\n/g, " ")));
      return;
    case "code":
      out.push(verbatim(parent.type === "root" ? fencedBlock(node.value, node.lang) : code(node.value)));
      return;
    case "link":
      renderLink(src, node, source, out);
      return;
    case "image":
      out.push(verbatim(`\\!${isAllowedUrl(node.url) && isPlainUrl(node.url) ? `[${escapeText(node.alt ?? "")}](${node.url})` : escapeText(node.alt ?? "")}`));
      return;
    case "break":
      out.push(verbatim(source));
      return;
    case "paragraph":
    case "heading":
    case "blockquote":
    case "list":
    case "listItem":
    case "emphasis":
    case "strong":
    case "delete":
    case "table":
    case "tableRow":
    case "tableCell":
      walkChildren(src, node, start, end, out);
      return;
    default:
      // Text, raw HTML, references, definitions, footnotes, thematic breaks: visible, escaped text.
      out.push(prose(source));
  }
}

function renderLink(src: string, node: Link, source: string, out: Piece[]): void {
  if (source.startsWith("[")) {
    // `[label](url)`: the label stays, as a link only to a reference site.
    if (isAllowedUrl(node.url) && isPlainUrl(node.url)) out.push(verbatim(`[${renderLabel(src, node)}](${node.url})`));
    else walkChildren(src, node, ...labelSpan(node, source), out);
    return;
  }
  const bracketed = source.startsWith("<");
  const url = bracketed ? source.slice(1, -1) : source;
  if (node.url.startsWith("mailto:")) out.push(prose(source));
  else if (isAllowedUrl(node.url) && isPlainUrl(url)) out.push(verbatim(source));
  else {
    // A code span is not clickable, whatever GitHub's own autolinker would make of the text.
    const open = bracketed ? escapeProse("<") : "";
    const close = bracketed ? escapeProse(">") : "";
    out.push({ rendered: `${open}${code(url)}${close}`, fit: (room) => fitRaw(url, room - open.length, code, open) });
  }
}

/** An allowed link's label, rendered as a whole: a link is kept or cut whole. */
function renderLabel(src: string, link: Link): string {
  const inner: Piece[] = [];
  walkChildren(src, link, ...labelSpan(link, src.slice(...span(link))), inner);
  return inner.map((p) => p.rendered).join("");
}

/**
 * Escaped prose in which a bare URL becomes a code span. GFM made the URLs of text into link nodes
 * already; these are the ones in what is shown as text (raw HTML, definitions, a link's label),
 * which GitHub's autolinker would otherwise make clickable once the syntax around them is escaped.
 */
function escapeText(raw: string): string {
  let out = "";
  let last = 0;
  for (const match of raw.matchAll(/(?:https?|ftp):\/\/[^\s()<>`\\[\]]*|www\.[^\s()<>`\\[\]]*/gi)) {
    out += escapeProse(raw.slice(last, match.index)) + code(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeProse(raw.slice(last));
}

/** A fence longer than any backtick run in the code; the language only when it is a plain word. */
function fencedBlock(value: string, lang: string | null | undefined): string {
  const fence = fenceFor(value);
  const info = lang && /^[A-Za-z0-9_+#.-]{1,30}$/.test(lang) && lang.toLowerCase() !== "suggestion" ? lang : "";
  return `${fence}${info}\n${value}\n${fence}`;
}

/** Where an inline link's label lies in the source: between `[` and the `](` that ends it. */
function labelSpan(link: Link, source: string): [number, number] {
  const start = span(link)[0];
  const close = source.lastIndexOf("](");
  return [start + 1, start + Math.max(1, close)];
}

function span(node: Node): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}

/**
 * The longest prefix of the raw text whose rendered form fits: rendering after cutting keeps the
 * cut safe. Searched by halving, as escaping can make text four times longer (`<` is `&lt;`) and
 * cutting by the overshoot alone could throw all of it away.
 */
function fitRaw(raw: string, room: number, render: (raw: string) => string, prefix = ""): string {
  const cut = (end: number) => (end > 0 && /[\uDC00-\uDFFF]/.test(raw.charAt(end)) ? end - 1 : end); // never split a surrogate pair
  let fits = 0;
  let over = raw.length + 1;
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    if (render(raw.slice(0, cut(mid))).length <= room) fits = mid;
    else over = mid;
  }
  return fits === 0 ? "" : prefix + render(raw.slice(0, cut(fits)));
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

/** A URL we can write back as a link destination as it is. */
function isPlainUrl(url: string): boolean {
  return /^[^\s()<>`\\[\]]+$/.test(url);
}

/** A fence longer than any backtick run in the code, so the code cannot close it early. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}
