import type { Log, ReportingDescriptor, Result } from "sarif";
import { listChecks, type AgentDefinition, type CheckItem } from "../review/agent.js";
import { SEVERITY_RANK, type Severity } from "../review/finding.js";
import { buildRuleHelp } from "../review/rule-help.js";
import type { ReviewReport } from "../review/review-report.js";
import type { CliFinding } from "./cli-findings.js";
import type { EarlierFinding } from "./earlier-findings.js";
import { packageVersion } from "./package-version.js";

export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/** Versioned, so a change of the fingerprint's recipe can get a new key instead of duplicate alerts. */
export const FINGERPRINT_KEY = "backendReviewFinding/v1";

const LEVELS: Readonly<Record<Severity, Result.level>> = { critical: "error", high: "error", medium: "warning", low: "note" };

/**
 * Code scanning reads a security rule's severity from this score: 9.0 and above is Critical,
 * 7.0–8.9 High, 4.0–6.9 Medium, 0.1–3.9 Low. Each of ours sits inside its band, away from the edges.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** The reviewer's confidence in words code scanning knows; the reviewer leaves out guesses below 0.5. */
export function precisionOf(confidence: number): "very-high" | "high" | "medium" | "low" {
  if (confidence >= 0.9) return "very-high";
  if (confidence >= 0.75) return "high";
  if (confidence >= 0.5) return "medium";
  return "low";
}

export interface SarifOptions {
  /** `run.automationDetails.id`: code scanning keeps one analysis per id, so App and CI uploads never replace each other. */
  automationId?: string | undefined;
  /** The bot's earlier findings still standing on the pull request (selectEarlierFindings), after this review's. */
  earlier?: readonly EarlierFinding[] | undefined;
}

/** What a rule is made from: each finding of its check, this review's or an earlier one (no confidence then). */
interface RuleEvidence {
  checkId: string;
  severity?: Severity | undefined;
  category?: CheckItem["category"] | undefined;
  confidence?: number | undefined;
}

/** SARIF 2.1.0 for code scanning: one run, one rule per checklist id that was found. */
export function renderSarif(report: ReviewReport, findings: readonly CliFinding[], agent: AgentDefinition, options: SarifOptions = {}): string {
  const earlier = options.earlier ?? [];
  const rules = rulesFor(
    [
      ...findings.map(({ finding: f }) => ({ checkId: f.check_id, severity: f.severity, category: f.category, confidence: f.confidence })),
      ...earlier.map((e) => ({ checkId: e.checkId, severity: e.severity })),
    ],
    agent,
  );
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "backend-review", version: packageVersion(), rules } },
        ...(options.automationId !== undefined ? { automationDetails: { id: options.automationId } } : {}),
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: report.failures.map((f) => ({
              level: "error" as const,
              message: { text: `Part ${f.chunk} was not reviewed: ${f.reason}. Files: ${f.paths.join(", ")}` },
            })),
          },
        ],
        results: [
          ...findings.map((item) => toResult(item, ruleIndex.get(item.finding.check_id) ?? -1)),
          ...earlier.map((item) => toEarlierResult(item, ruleIndex.get(item.checkId) ?? -1)),
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Checklist order, so rule indexes stay the same between runs that find the same checks. A rule's
 * score and precision come from its findings in this run: the worst severity, the least confidence.
 */
function rulesFor(evidence: readonly RuleEvidence[], agent: AgentDefinition): ReportingDescriptor[] {
  const found = new Map<string, RuleEvidence[]>();
  for (const item of evidence) found.set(item.checkId, [...(found.get(item.checkId) ?? []), item]);
  const checklist = listChecks(agent.prompt).filter((c) => found.has(c.id));
  const known = new Set(checklist.map((c) => c.id));
  const invented: CheckItem[] = [...found]
    .filter(([id]) => !known.has(id))
    .map(([id, items]) => ({ id, category: items.find((i) => i.category)?.category ?? "security", cwes: [], description: "" }));
  return [...checklist.map((c) => toRule(c, true, found.get(c.id) ?? [])), ...invented.map((c) => toRule(c, false, found.get(c.id) ?? []))];
}

function toRule(check: CheckItem, inChecklist: boolean, found: readonly RuleEvidence[]): ReportingDescriptor {
  const help = buildRuleHelp(check, inChecklist);
  const severities = found.flatMap((f) => (f.severity ? [f.severity] : []));
  const worst = severities.reduce<Severity>((w, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[w] ? s : w), "low");
  // Only this review's findings carry a confidence; an earlier finding's marker holds none.
  const confidences = found.flatMap((f) => (f.confidence !== undefined ? [f.confidence] : []));
  return {
    id: check.id,
    name: check.id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: help.title },
    fullDescription: help.fullDescription,
    help: help.help,
    ...(help.helpUri !== undefined ? { helpUri: help.helpUri } : {}),
    properties: {
      tags: help.tags,
      // A security severity, read by code scanning for rules tagged `security`: a slow query has none.
      ...(check.category === "security" && severities.length > 0 ? { "security-severity": SECURITY_SEVERITY[worst] } : {}),
      ...(confidences.length > 0 ? { precision: precisionOf(Math.min(...confidences)) } : {}),
    },
  };
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

/**
 * An earlier finding: its thread holds the explanation, so the message is its title and where to
 * read more. The fingerprint is the one its marker carries, so the alert stays the same alert.
 */
function toEarlierResult(item: EarlierFinding, ruleIndex: number): Result {
  const title = item.title ?? `A finding of the check ${item.checkId}`;
  const where = item.onLine ? "" : " The lines it was raised on have changed since; it is shown at the top of the file.";
  return {
    ruleId: item.checkId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    ...(item.severity ? { level: LEVELS[item.severity] } : {}),
    message: { text: `${title}\n\nRaised in an earlier review of this pull request; its review thread is still open and has the details.${where}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(item.path), uriBaseId: "%SRCROOT%" },
          region: { startLine: item.startLine, endLine: item.endLine },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: item.fingerprint },
    properties: { ...(item.severity ? { severity: item.severity } : {}), onDiff: item.onLine, earlierReview: true },
  };
}

/** A relative URI reference: each segment percent-encoded, so spaces, `#` and `?` stay part of the name. */
function toUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
