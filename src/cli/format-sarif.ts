import type { Log, ReportingDescriptor, Result } from "sarif";
import { listChecks, type AgentDefinition } from "../review/agent.js";
import type { Category, Severity } from "../review/finding.js";
import type { ReviewReport } from "../review/review-report.js";
import type { CliFinding } from "./cli-findings.js";
import { packageVersion } from "./package-version.js";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/** Versioned, so a change of the fingerprint's recipe can get a new key instead of duplicate alerts. */
export const FINGERPRINT_KEY = "backendReviewFinding/v1";

const LEVELS: Readonly<Record<Severity, Result.level>> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** SARIF 2.1.0 for code scanning: one run, one rule per checklist id that was found. */
export function renderSarif(report: ReviewReport, findings: readonly CliFinding[], agent: AgentDefinition): string {
  const rules = rulesFor(findings, agent);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "backend-review", version: packageVersion(), rules } },
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: report.failures.map((f) => ({
              level: "error" as const,
              message: { text: `Part ${f.chunk} was not reviewed: ${f.reason}. Files: ${f.paths.join(", ")}` },
            })),
          },
        ],
        results: findings.map((item) => toResult(item, ruleIndex.get(item.finding.check_id) ?? -1)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Checklist order, so rule indexes stay the same between runs that find the same checks. */
function rulesFor(findings: readonly CliFinding[], agent: AgentDefinition): ReportingDescriptor[] {
  const found = new Map<string, Category>(findings.map((f) => [f.finding.check_id, f.finding.category]));
  const checklist = listChecks(agent.prompt).filter((c) => found.has(c.id));
  const known = new Set(checklist.map((c) => c.id));
  const invented = [...found].filter(([id]) => !known.has(id)).map(([id, category]) => ({ id, category }));
  return [...checklist, ...invented].map(({ id, category }) => ({
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: `${id} (${category})` },
    properties: { tags: [category] },
  }));
}

function toResult(item: CliFinding, ruleIndex: number): Result {
  const f = item.finding;
  return {
    ruleId: f.check_id,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVELS[f.severity],
    message: { text: `${f.title}\n\n${f.explanation}\n\nFix: ${f.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(item.path), uriBaseId: "%SRCROOT%" },
          region: { startLine: item.startLine, endLine: item.endLine },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: item.fingerprint },
    properties: { severity: f.severity, category: f.category, confidence: f.confidence, onDiff: item.placed },
  };
}

/** A relative URI reference: each segment percent-encoded, so spaces, `#` and `?` stay part of the name. */
function toUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
