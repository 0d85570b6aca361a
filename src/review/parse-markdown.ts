import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export interface ParseOptions {
  /**
   * Read GFM tables (default). Off for text whose pipes will be escaped: it must be judged as the
   * paragraph it becomes, or a code span would be decided as cut in two by a cell boundary.
   */
  tables?: boolean;
}

/** Container markers (`>`, list bullets) one line may open: beyond it the parser's time grows quadratically. */
export const MAX_NESTING = 64;

const TOO_DEEP = new RegExp(`^(?:[ \\t]*(?:>|[-*+](?=[ \\t])|\\d{1,9}[.)](?=[ \\t]))){${MAX_NESTING + 1}}`, "m");

/** Thrown for text nested deeper than MAX_NESTING: callers fall back to something that needs no tree. */
export class TooDeeplyNestedError extends Error {
  constructor() {
    super(`Markdown nested more than ${MAX_NESTING} levels deep`);
    this.name = "TooDeeplyNestedError";
  }
}

/**
 * Markdown as GitHub reads it (CommonMark with the GFM extensions: tables, strikethrough, autolink
 * literals, footnotes, task lists), as a tree with source positions. Untrusted text is judged on
 * this tree, never by hand-written fence or quote tracking that a construct it forgot would fool.
 * Text nested deeper than MAX_NESTING on one line throws TooDeeplyNestedError, which callers turn
 * into a safe answer (no command; all text escaped) instead of seconds of parsing.
 */
export function parseMarkdown(text: string, options: ParseOptions = {}): Root {
  if (TOO_DEEP.test(text)) throw new TooDeeplyNestedError();
  const extensions = options.tables === false ? [gfm(), { disable: { null: ["table"] } }] : [gfm()];
  return fromMarkdown(text, { extensions, mdastExtensions: [gfmFromMarkdown()] });
}
