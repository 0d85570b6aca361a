import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse-command.js";

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

  it("takes the first command line after a closed fence", () => {
    expect(parseCommand("```js\n/review help\n```\n/review full", "backend-review")).toEqual({ name: "review", full: true });
  });
});
