import type { Paragraph, PhrasingContent, RootContent } from "mdast";
import { parseMarkdown, TooDeeplyNestedError } from "../review/parse-markdown.js";

/** A `/review` command as written in a pull request comment. */
export type Command =
  | { name: "review"; full: boolean }
  | { name: "help" }
  | { name: "explain"; question: string }
  | { name: "ignore"; reason: string }
  | { name: "unknown"; word: string };

/**
 * Finds the command in a comment as a reader sees it: the comment is parsed as GitHub-flavoured
 * Markdown and a command counts only at the start of a line of a top-level paragraph. A `/review`
 * inside a quote, a code block or span, a list, a table, a heading or an HTML block or comment
 * (invisible once rendered) does nothing, so quoting or documenting the command never runs it.
 * `@<app-slug> review …` works like `/review …`. The first command in the comment wins.
 */
export function parseCommand(body: string, appSlug: string): Command | undefined {
  const prefix = new RegExp(`^(?:/review|@${escapeRegExp(appSlug)}(?:\\[bot\\])?\\s+review)(?=\\s|$)`, "i");
  // Most comments are not commands: no parse for them. (`&#47;review` renders as `/review`.)
  if (!/review/i.test(body)) return undefined;
  const lines = body.split(/\r\n|\r|\n/);
  for (const block of blocksOf(body)) {
    if (block.type !== "paragraph") continue;
    for (const start of lineStarts(block)) {
      const text = start.text.trimStart();
      if (!prefix.test(text)) continue;
      // The rest of the line as written (a question may hold `code`), unless entities hid the prefix.
      const raw = (lines[start.line - 1] ?? "").trim();
      const line = prefix.test(raw) ? raw : text;
      return toCommand(line.slice(prefix.exec(line)?.[0].length ?? 0).trim());
    }
  }
  return undefined;
}

/** Commands are read in the first characters of a comment: parsing time grows with its length. */
export const MAX_COMMAND_SCAN = 20_000;

/**
 * The top-level blocks of the comment's first MAX_COMMAND_SCAN characters, cut at a line end and
 * without the last line read (the next one could turn it into a heading), or none for a comment
 * nested too deeply to parse quickly: such a comment runs no command rather than stalling the event.
 */
function blocksOf(body: string): RootContent[] {
  const text = body.length <= MAX_COMMAND_SCAN ? body : body.slice(0, body.lastIndexOf("\n", body.lastIndexOf("\n", MAX_COMMAND_SCAN) - 1) + 1);
  try {
    return parseMarkdown(text).children;
  } catch (error) {
    if (error instanceof TooDeeplyNestedError || error instanceof RangeError) return [];
    throw error;
  }
}

interface LineStart {
  /** 1-based source line. */
  line: number;
  /** The plain text the line begins with, up to its end or the next inline node. */
  text: string;
}

/**
 * The text each line of a paragraph begins with. A line that begins with anything but plain text
 * (a code span, emphasis, a link, inline HTML) has none: an emphasised or code-span `/review` is not a command.
 */
function lineStarts(paragraph: Paragraph): LineStart[] {
  const starts: LineStart[] = [];
  let previousEnd = 0; // the line the previous inline node ended on
  for (const node of paragraph.children) {
    const first = node.position?.start.line ?? 0;
    if (node.type === "text") {
      node.value.split("\n").forEach((segment, i) => {
        if (i > 0 || first > previousEnd) starts.push({ line: first + i, text: segment });
      });
    }
    previousEnd = endLine(node);
  }
  return starts;
}

function endLine(node: PhrasingContent): number {
  // A hard break ends on the line it breaks; what follows starts a new line.
  return node.type === "break" ? (node.position?.end.line ?? 0) - 1 : (node.position?.end.line ?? 0);
}

function toCommand(rest: string): Command {
  const [word = ""] = rest.split(/\s+/);
  const argument = rest.slice(word.length).trim();
  switch (word.toLowerCase()) {
    case "":
      return { name: "review", full: false };
    case "full":
      return { name: "review", full: true };
    case "help":
      return { name: "help" };
    case "explain":
      return { name: "explain", question: argument };
    case "ignore":
    case "dismiss":
      return { name: "ignore", reason: argument };
    default:
      return { name: "unknown", word: word.slice(0, 40) };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
