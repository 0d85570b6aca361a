import { buildCweIndex, listChecks, type CheckItem } from "./checklist.js";
import { FINDING_LIMITS, SEVERITIES, type Category, type Finding, type Severity } from "./finding.js";

/** The agent's checklist, as normalisation needs it: ids by name, and CWE numbers to ids. */
export interface CheckVocabulary {
  checks: ReadonlyMap<string, CheckItem>;
  cwe: ReadonlyMap<number, string>;
}

export function buildCheckVocabulary(prompt: string): CheckVocabulary {
  const checks = listChecks(prompt);
  return { checks: new Map(checks.map((c) => [c.id, c])), cwe: buildCweIndex(checks) };
}

export interface NormalisedFinding {
  finding: Finding;
  /** What had to be repaired, e.g. "check id", "confidence as a percentage"; empty when none. */
  repairs: string[];
}

export interface Normalisation {
  findings: NormalisedFinding[];
  /** One line per item that could not be used at all, e.g. "finding 3: no path". */
  unusable: string[];
}

/**
 * Turns the model's items into findings, repairing what can be repaired. The API's structured
 * output enforces types, enums and required keys but not patterns, lengths or ranges, and other
 * providers enforce nothing: an id written `SQL_INJECTION`, a confidence of 85 or a title one
 * character too long is still a finding. Only an item with no path or no known severity is
 * unusable; everything else reaches anchoring, which decides where it is shown.
 */
export function normaliseFindings(items: readonly unknown[], vocabulary: CheckVocabulary): Normalisation {
  const findings: NormalisedFinding[] = [];
  const unusable: string[] = [];
  items.forEach((item, index) => {
    const result = normaliseOne(item, vocabulary);
    if (typeof result === "string") unusable.push(`finding ${index + 1}: ${result}`);
    else findings.push(result);
  });
  return { findings, unusable };
}

type Item = Record<string, unknown>;

function normaliseOne(item: unknown, vocabulary: CheckVocabulary): NormalisedFinding | string {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return "not an object";
  const raw = item as Item;
  const repairs: string[] = [];
  const path = typeof raw.path === "string" ? raw.path.trim() : "";
  if (path === "") return "no path";
  const severity = readSeverity(raw.severity);
  if (severity === undefined) return `severity ${JSON.stringify(raw.severity)} is not one of ${SEVERITIES.join(", ")}`;
  if (severity !== raw.severity) repairs.push("severity");
  const checkId = readCheckId(raw.check_id, vocabulary);
  if (checkId !== raw.check_id) repairs.push("check id");
  const category = readCategory(raw.category, vocabulary.checks.get(checkId));
  if (category !== raw.category) repairs.push("category");
  const confidence = readConfidence(raw.confidence);
  if (confidence.repair) repairs.push(confidence.repair);
  const { line, endLine } = readLines(raw.line, raw.end_line);
  if (line !== raw.line) repairs.push("line");
  else if (raw.end_line !== undefined && endLine !== raw.end_line) repairs.push("end line");
  const text = (value: unknown, max: number, name: string): string => {
    const original = typeof value === "string" ? value.trim() : "";
    const cut = cutText(original, max);
    if (cut !== original) repairs.push(`${name} cut`);
    return cut;
  };
  let title = text(raw.title, FINDING_LIMITS.title, "title");
  if (title.length < 3) {
    title = titleFromCheck(checkId);
    repairs.push("title");
  }
  const explanation = text(raw.explanation, FINDING_LIMITS.text, "explanation");
  const fix = text(raw.fix, FINDING_LIMITS.text, "fix");
  const quote = typeof raw.quote === "string" ? raw.quote : "";
  // Code is never cut: a shortened replacement would be wrong code. Too long, and it is left out.
  const replacement = typeof raw.replacement === "string" && raw.replacement.length <= FINDING_LIMITS.replacement ? raw.replacement : undefined;
  if (raw.replacement !== undefined && replacement === undefined) repairs.push("replacement left out");
  const finding: Finding = {
    path: path.slice(0, FINDING_LIMITS.path),
    line,
    end_line: endLine,
    quote,
    severity,
    category,
    check_id: checkId,
    title,
    explanation: explanation.length >= 3 ? explanation : title,
    fix,
    replacement,
    confidence: confidence.value,
  };
  return { finding, repairs };
}

/* Maps, not object literals: a model writing `constructor` or `__proto__` must read as nothing. */
const SEVERITY_WORDS: ReadonlyMap<string, Severity> = new Map([
  ["critical", "critical"],
  ["crit", "critical"],
  ["blocker", "critical"],
  ["high", "high"],
  ["major", "high"],
  ["error", "high"],
  ["medium", "medium"],
  ["moderate", "medium"],
  ["med", "medium"],
  ["warning", "medium"],
  ["low", "low"],
  ["minor", "low"],
  ["info", "low"],
  ["note", "low"],
]);

function readSeverity(value: unknown): Severity | undefined {
  return typeof value === "string" ? SEVERITY_WORDS.get(value.trim().toLowerCase()) : undefined;
}

const CATEGORY_WORDS: ReadonlyMap<string, Category> = new Map([
  ["security", "security"],
  ["sec", "security"],
  ["performance", "performance"],
  ["perf", "performance"],
  ["reliability", "reliability"],
  ["correctness", "reliability"],
]);

/** The given category when it is one; else the check's own; else security, the review's main concern. */
function readCategory(value: unknown, check: CheckItem | undefined): Category {
  const given = typeof value === "string" ? CATEGORY_WORDS.get(value.trim().toLowerCase()) : undefined;
  return given ?? check?.category ?? "security";
}

/**
 * `SQL_INJECTION`, `Sql Injection`, `security/sql-injection`, `CWE-89` and `CWE-89: SQL Injection`
 * all mean `sql-injection`. An id the checklist does not have is kept in kebab-case, never a
 * reason to drop the finding.
 */
export function readCheckId(value: unknown, vocabulary: CheckVocabulary): string {
  const text = typeof value === "string" ? value : "";
  const kebab = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (vocabulary.checks.has(kebab)) return kebab;
  const cwe = /(?:^|-)cwe-?(\d+)(?:-|$)/.exec(kebab);
  const byCwe = cwe?.[1] === undefined ? undefined : vocabulary.cwe.get(Number(cwe[1]));
  if (byCwe !== undefined) return byCwe;
  // A category or namespace in front ("security-sql-injection") or a CWE after the id.
  for (const id of vocabulary.checks.keys()) {
    if (kebab.endsWith(`-${id}`) || kebab.startsWith(`${id}-cwe-`)) return id;
  }
  const cut = kebab.slice(0, FINDING_LIMITS.checkId).replace(/-+$/, "");
  return cut.length >= 2 ? cut : "unclassified";
}

function readConfidence(value: unknown): { value: number; repair?: string } {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number.parseFloat(value) : Number.NaN;
  if (!Number.isFinite(n)) return { value: 0.5, repair: "confidence missing" };
  const percent = typeof value === "string" && value.trim().endsWith("%");
  if (percent || (n > 1 && n <= 100)) return { value: clamp(n / 100), repair: "confidence as a percentage" };
  if (n < 0 || n > 1) return { value: clamp(n), repair: "confidence out of range" };
  return typeof value === "number" ? { value: n } : { value: n, repair: "confidence as text" };
}

const clamp = (n: number): number => Math.min(1, Math.max(0, n));

/** A positive whole line, else none (the quote places the finding); an end before the line is dropped. */
function readLines(line: unknown, end: unknown): { line?: number; endLine?: number } {
  const start = positiveInt(line);
  const last = positiveInt(end);
  if (start === undefined) return {};
  return last !== undefined && last >= start ? { line: start, endLine: last } : { line: start };
}

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  // Cut at a code point boundary, then mark the cut.
  const chars = Array.from(text.slice(0, max));
  return `${chars.slice(0, chars.length - 1).join("").trimEnd()}…`;
}

/** `sql-injection` → "Sql injection". */
function titleFromCheck(checkId: string): string {
  const words = checkId.replace(/-/g, " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
