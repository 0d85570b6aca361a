/**
 * The reviewer behind the Anthropic stand-in: no model, a fixed list of patterns applied to the
 * ADDED lines of the prompt, so runs are repeatable and a test knows which lines must be flagged.
 * It reads the prompt exactly as src/review/render-diff.ts writes it; if that format changes and
 * this parser is not updated, the demo and the end-to-end tests find nothing and say so.
 */
import type { Finding } from "../../src/review/finding.js";
import { REVIEWER_RULES } from "./reviewer-rules.js";

export interface PromptLine {
  path: string;
  /** New-file line number as printed in the prompt. */
  line: number;
  code: string;
  /** Earlier lines of the same hunk (added or context), nearest last. */
  before: string[];
}

const FILE_LINE = /^=== FILE ("(?:[^"\\]|\\.)*") \(.*\) ===$/;
const BODY_LINE = /^ *(\d*) ([+ -]) (.*)$/;

/** The added lines of every FILE block in a prompt. */
export function addedLines(prompt: string): PromptLine[] {
  const found: PromptLine[] = [];
  let path: string | undefined;
  let hunk: string[] = [];
  for (const row of prompt.split("\n")) {
    const header = FILE_LINE.exec(row);
    if (header?.[1] !== undefined) {
      path = JSON.parse(header[1]) as string;
      continue;
    }
    if (row === "=== END FILE ===") path = undefined;
    if (path === undefined) continue;
    if (row.startsWith("@@ new lines ")) {
      hunk = [];
      continue;
    }
    const body = BODY_LINE.exec(row);
    if (!body || body[1] === "" || body[3] === undefined) continue;
    if (body[2] === "+") found.push({ path, line: Number(body[1]), code: body[3], before: hunk.slice(-10) });
    hunk.push(body[3]);
  }
  return found;
}

/** What a careful reviewer would report for this prompt, by pattern. */
export function scriptedFindings(prompt: string): Finding[] {
  const findings: Finding[] = [];
  for (const added of addedLines(prompt)) {
    for (const rule of REVIEWER_RULES) {
      if (!rule.matches(added)) continue;
      findings.push({
        path: added.path,
        line: added.line,
        quote: added.code,
        severity: rule.severity,
        category: "security",
        check_id: rule.checkId,
        title: rule.title,
        explanation: rule.explanation,
        fix: rule.fix,
        confidence: rule.confidence,
      });
    }
  }
  return findings;
}
