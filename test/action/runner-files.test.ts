import { describe, expect, it } from "vitest";
import { inputVariable } from "../../src/action/action-inputs.js";
import { capSummary, formatOutputs, MAX_SUMMARY_BYTES, workflowCommand } from "../../src/action/runner-files.js";
import { parseOutputs } from "./action-harness.js";

describe("the runner's files and commands", () => {
  it("names inputs as the runner does: upper case, hyphens kept, spaces as underscores", () => {
    expect(inputVariable("github-token")).toBe("INPUT_GITHUB-TOKEN");
    expect(inputVariable("fail on")).toBe("INPUT_FAIL_ON");
  });

  it("writes name=value lines, and a heredoc with a random delimiter for a value with line breaks", () => {
    const text = formatOutputs({ high: "2", "sarif-path": "/w/r.sarif", note: "two\nlines" });
    expect(text).toMatch(/^high=2\nsarif-path=\/w\/r\.sarif\nnote<<(ghadelimiter_[0-9a-f-]{36})\ntwo\nlines\n\1\n$/);
    expect(parseOutputs(text)).toEqual({ high: "2", "sarif-path": "/w/r.sarif", note: "two\nlines" });
    expect(formatOutputs({ a: "x" })).not.toBe(formatOutputs({ a: "x\n" }).slice(0, 4));
  });

  it("cuts a job summary over GitHub's 1 MiB limit and says so", () => {
    const capped = capSummary("é".repeat(MAX_SUMMARY_BYTES));
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(capped).toMatch(/cut off here: GitHub shows at most 1 MiB of a job summary/);
    expect(capSummary("short")).toBe("short\n");
  });

  it("escapes line breaks and % in an error annotation", () => {
    expect(workflowCommand("error", "100% wrong\nsecond line")).toBe("::error::100%25 wrong%0Asecond line\n");
  });
});
