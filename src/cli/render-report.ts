import type { AgentDefinition } from "../review/agent.js";
import type { ReviewReport } from "../review/review-report.js";
import type { CliFinding } from "./cli-findings.js";
import { renderJson } from "./format-json.js";
import { renderMarkdown } from "./format-markdown.js";
import { renderPretty } from "./format-pretty.js";
import { renderSarif } from "./format-sarif.js";

export const OUTPUT_FORMATS = ["pretty", "json", "sarif", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function renderReport(format: OutputFormat, report: ReviewReport, findings: readonly CliFinding[], agent: AgentDefinition): string {
  switch (format) {
    case "pretty":
      return renderPretty(report, findings);
    case "json":
      return renderJson(report, findings);
    case "sarif":
      return renderSarif(report, findings, agent);
    case "markdown":
      return renderMarkdown(report);
  }
}
