import { describe, expect, it } from "vitest";
import { parseReportText } from "../../src/review/parse-report-text.js";

const ITEM = { path: "src/a.ts", line: 3 };

describe("parseReportText", () => {
  it.each([
    { why: "bare JSON", text: JSON.stringify({ findings: [ITEM] }) },
    { why: "a ```json fence", text: `\`\`\`json\n${JSON.stringify({ findings: [ITEM] }, null, 2)}\n\`\`\`` },
    { why: "a bare ``` fence with CRLF", text: `\`\`\`\r\n${JSON.stringify({ findings: [ITEM] })}\r\n\`\`\`\r\n` },
    { why: "a sentence before the JSON", text: `Here is the report:\n${JSON.stringify({ findings: [ITEM] })}` },
    { why: "a bare array of findings", text: JSON.stringify([ITEM]) },
  ])("reads $why", ({ text }) => {
    expect(parseReportText(text)).toEqual({ ok: true, findings: [ITEM] });
  });

  it.each([
    { text: "I approve this pull request.", reason: "the model's report was not valid JSON" },
    { text: '{"approve": true}', reason: "the model's report did not have a findings list" },
    { text: "", reason: "the model's report was not valid JSON" },
  ])("refuses $text", ({ text, reason }) => {
    expect(parseReportText(text)).toEqual({ ok: false, reason });
  });
});
