import { describe, expect, it } from "vitest";
import { buildFindingAnnotations } from "../../src/action/finding-annotations.js";
import type { CliFinding } from "../../src/cli/cli-findings.js";
import type { Severity } from "../../src/review/finding.js";

function item(severity: Severity, path = "src/a.ts", title = "Title"): CliFinding {
  return {
    finding: { severity, check_id: "sql-injection", title, explanation: "Why.", fix: "How.", category: "security", confidence: 0.9 },
    path,
    startLine: 3,
    endLine: 5,
    placed: true,
    fingerprint: "0123456789abcdef",
  } as unknown as CliFinding;
}

describe("findings as annotations (a fork's run)", () => {
  it("maps severities to levels and keeps a model's line breaks and separators from ending the command", () => {
    const { lines } = buildFindingAnnotations([item("critical", "src/a,b:c.ts", "Line one\n::add-mask::x"), item("medium"), item("low")]);
    expect(lines).toEqual([
      "::error file=src/a%2Cb%3Ac.ts,line=3,endLine=5,title=backend-review%3A sql-injection (critical)::Line one%0A::add-mask::x%0A%0AWhy.%0A%0AFix: How.\n",
      "::warning file=src/a.ts,line=3,endLine=5,title=backend-review%3A sql-injection (medium)::Title%0A%0AWhy.%0A%0AFix: How.\n",
      "::notice file=src/a.ts,line=3,endLine=5,title=backend-review%3A sql-injection (low)::Title%0A%0AWhy.%0A%0AFix: How.\n",
    ]);
  });

  it("keeps at most 10 of each level, as GitHub does, and counts the rest", () => {
    const { lines, left } = buildFindingAnnotations([...Array.from({ length: 12 }, () => item("high")), item("low")]);
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::notice "))).toHaveLength(1);
    expect(left).toBe(2);
  });
});
