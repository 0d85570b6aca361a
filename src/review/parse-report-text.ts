import { ReportSchema } from "./finding.js";

export type ParsedReport = { ok: true; findings: unknown[] } | { ok: false; reason: string };

/** ```json … ``` (or a bare ``` fence) around the whole answer, as models sometimes write it. */
const FENCED = /^```[a-zA-Z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/;

/**
 * Reads the reviewer's report from the text of its answer. The API's structured output makes
 * the answer a bare JSON object, but another provider (or a model ignoring the format) may wrap
 * it in a Markdown fence or put a sentence before it; both are read rather than lost. A bare
 * array of findings is accepted as the findings list.
 */
export function parseReportText(text: string): ParsedReport {
  const trimmed = text.trim();
  const candidates = [trimmed, FENCED.exec(trimmed)?.[1], outermostObject(trimmed)];
  let sawJson = false;
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    sawJson = true;
    if (Array.isArray(value)) return { ok: true, findings: value };
    const report = ReportSchema.safeParse(value);
    if (report.success) return { ok: true, findings: report.data.findings };
  }
  return { ok: false, reason: sawJson ? "the model's report did not have a findings list" : "the model's report was not valid JSON" };
}

/** From the first `{` to the last `}`: a report with prose around it. */
function outermostObject(text: string): string | undefined {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  return start >= 0 && end > start && (start > 0 || end < text.length - 1) ? text.slice(start, end + 1) : undefined;
}
