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
    const fenceMatch = /^(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined || line.startsWith(">") || rawLine.startsWith("    ")) continue;
    const prefix = /^\/review(?=\s|$)/i.exec(line)?.[0] ?? mention.exec(line)?.[0];
    if (prefix !== undefined) return toCommand(line.slice(prefix.length).trim());
  }
  return undefined;
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
