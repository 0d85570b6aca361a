import { describe, expect, it } from "vitest";
import { MAX_COMMAND_SCAN, parseCommand } from "../../src/commands/parse-command.js";
import { MAX_NESTING } from "../../src/review/parse-markdown.js";

describe("parseCommand", () => {
  it.each([
    ["/review", { name: "review", full: false }],
    ["/Review", { name: "review", full: false }],
    ["Thanks!\n/review full", { name: "review", full: true }],
    ["/review help", { name: "help" }],
    ["/review explain why is this exploitable?", { name: "explain", question: "why is this exploitable?" }],
    ["/review explain", { name: "explain", question: "" }],
    ["/review ignore the router validates ids", { name: "ignore", reason: "the router validates ids" }],
    ["/review dismiss", { name: "ignore", reason: "" }],
    ["/review everything please", { name: "unknown", word: "everything" }],
    ["@backend-review review", { name: "review", full: false }],
    ["@backend-review[bot] review full", { name: "review", full: true }],
    ["@Backend-Review review help", { name: "help" }],
    ["  /review  ", { name: "review", full: false }],
  ])("reads %j", (body, command) => {
    expect(parseCommand(body, "backend-review")).toEqual(command);
  });

  it.each([
    ["mid-line", "please /review this"],
    ["another word", "/reviewer"],
    ["a quote", "> /review"],
    ["a fenced block", "```\n/review\n```"],
    ["a tilde fence", "~~~\n/review\n~~~"],
    ["an indented code block", "    /review"],
    ["another app's mention", "@other-app review"],
    ["a mention without the word", "@backend-review please look"],
    ["an empty comment", ""],
  ])("ignores a command in %s", (_label, body) => {
    expect(parseCommand(body, "backend-review")).toBeUndefined();
  });

  // Read as GitHub renders it: what a reader cannot see, or sees as quoted or code, never runs.
  it.each([
    ["an HTML comment", "Looks good.\n<!--\n/review full\n-->"],
    ["a one-line HTML comment", "<!-- /review full -->"],
    ["an HTML comment after text on its line", "Thanks <!--\n/review full\n-->"],
    ["an HTML block", "<div>\n/review full\n</div>"],
    ["a details block's HTML line", "<details><summary>/review full</summary>"],
    ["a setext heading", "/review full\n==="],
    ["an ATX heading", "## /review full"],
    ["a link reference definition", "[/review]: https://example.com\n[/review full]: <x>"],
    ["a list item", "- /review full"],
    ["an ordered list item", "1. /review"],
    ["a blockquote nested in a list", "- note:\n  > /review full"],
    ["a list nested in a blockquote", "> - /review full"],
    ["a quote's lazy continuation line", "> someone wrote\n/review full"],
    ["a table cell", "| cmd |\n| --- |\n| /review full |"],
    ["a code span", "`/review full`"],
    ["emphasis", "*/review full*"],
    ["a link label", "[/review full](https://example.com)"],
    ["a tilde fence with an info string", "~~~ text\n/review full\n~~~"],
    ["an unclosed fence", "```\n/review full"],
    ["a footnote definition", "[^1]: /review full"],
  ])("ignores a command in %s", (_label, body) => {
    expect(parseCommand(body, "backend-review")).toBeUndefined();
  });

  it.each([
    ["after a paragraph line", "LGTM, but:\n/review full", { name: "review", full: true }],
    ["after a hard break", "LGTM  \n/review full", { name: "review", full: true }],
    ["after a closed HTML comment", "<!-- a note -->\n\n/review help", { name: "help" }],
    ["with an entity-encoded slash, as rendered", "&#47;review full", { name: "review", full: true }],
    ["with a code span in the question", "/review explain is `id` trusted?", { name: "explain", question: "is `id` trusted?" }],
    ["with CRLF line ends", "Thanks!\r\n\r\n/review full\r\n", { name: "review", full: true }],
  ])("reads a command %s", (_label, body, command) => {
    expect(parseCommand(body, "backend-review")).toEqual(command);
  });

  it("reads the first 20,000 characters of a comment, and runs nothing in one nested too deeply to parse quickly", () => {
    const filler = "Some text.\n\n".repeat(1000); // 12,000 characters
    expect(parseCommand(`${filler}/review full`, "backend-review")).toEqual({ name: "review", full: true });
    expect(parseCommand(`${filler}${filler}/review full`, "backend-review")).toBeUndefined();
    expect(MAX_COMMAND_SCAN).toBe(20_000);
    expect(parseCommand(`${"> ".repeat(MAX_NESTING)}x\n\n/review`, "backend-review")).toEqual({ name: "review", full: false });
    expect(parseCommand(`${"> ".repeat(MAX_NESTING + 1)}x\n\n/review`, "backend-review")).toBeUndefined();
    expect(parseCommand(`${"- ".repeat(30_000)}x\n\n/review`, "backend-review")).toBeUndefined();
  });

  it("takes the first command line after a closed fence", () => {
    expect(parseCommand("```js\n/review help\n```\n/review full", "backend-review")).toEqual({ name: "review", full: true });
  });
});
