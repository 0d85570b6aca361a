/** A `/review` command as written in a pull request comment. */
export type Command =
  | { name: "review"; full: boolean }
  | { name: "help" }
  | { name: "explain"; question: string }
  | { name: "ignore"; reason: string }
  | { name: "unknown"; word: string };

/**
 * Finds the command in a comment: only at the start of a line, never inside a fenced code block
 * or a quote, so quoting someone's `/review` or documenting the command does not run it.
 * `@<app-slug> review …` works like `/review …`.
 */
export function parseCommand(body: string, appSlug: string): Command | undefined {
  const mention = new RegExp(`^@${escapeRegExp(appSlug)}(?:\\[bot\\])?\\s+review(?=\\s|$)`, "i");
  let fence: string | undefined;
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (fence !== undefined) {
      if (closesFence(rawLine, fence)) fence = undefined;
      continue;
    }
    const fenceMatch = /^(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    if (line.startsWith(">") || rawLine.startsWith("    ")) continue;
    const prefix = /^\/review(?=\s|$)/i.exec(line)?.[0] ?? mention.exec(line)?.[0];
    if (prefix !== undefined) return toCommand(line.slice(prefix.length).trim());
  }
  return undefined;
}

/**
 * CommonMark's closing fence: at most three spaces in, the opening character at least as many times,
 * nothing after. "```js" or an indented fence inside a block is content, and a `/review` after it
 * is still inside the block.
 */
function closesFence(rawLine: string, fence: string): boolean {
  const run = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(rawLine)?.[1];
  return run !== undefined && run[0] === fence[0] && run.length >= fence.length;
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
