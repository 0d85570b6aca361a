/**
 * The title of one of the bot's finding comments, as plain text. The comment's first line is
 * `**<severity> · <category> · `<check>`** <title>` (render-comment.ts); the title there is
 * Markdown-escaped model text (sanitize-text.ts), so its escapes and entities are undone, and
 * anything that could hide or reorder text (control, format and bidi characters) is dropped.
 */
const PREFIX = /^\*\*[^*\n]+ · [a-z]+ · `[a-z0-9-]+`\*\*[ \t]+(\S.*)$/u;
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">" };
const MAX_LENGTH = 200;

export function readCommentTitle(body: string): string | undefined {
  const firstLine = body.replace(/\r\n?/g, "\n").split("\n", 1)[0] ?? "";
  const match = PREFIX.exec(firstLine.trim());
  if (!match?.[1]) return undefined;
  const title = match[1].replace(HIDDEN, "").replace(MARKDOWN_ESCAPE, "$1").replace(ENTITY, (_, name: string) => ENTITIES[name] ?? "").replace(/\s+/g, " ").trim();
  if (title === "") return undefined;
  return title.length > MAX_LENGTH ? `${title.slice(0, MAX_LENGTH - 1)}…` : title;
}
