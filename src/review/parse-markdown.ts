import type { Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * Markdown as GitHub reads it (CommonMark with the GFM extensions: tables, strikethrough, autolink
 * literals, footnotes, task lists), as a tree with source positions. Untrusted text is judged on
 * this tree, never by hand-written fence or quote tracking that a construct it forgot would fool.
 */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}
