/**
 * What code scanning shows about a rule: a title, the checklist line as its description, and a
 * help text that says what the weakness is, why it matters and how to fix it. Built from the
 * checklist (the single source of truth) and one short paragraph per category; the alert's own
 * message carries the advice for its exact place.
 */
import type { CheckItem } from "./checklist.js";
import type { Category } from "./finding.js";

export interface RuleHelp {
  /** e.g. "SQL injection". */
  title: string;
  /** The checklist line, as plain text and as the Markdown it is written in. */
  fullDescription: { text: string; markdown: string };
  help: { text: string; markdown: string };
  /** The first CWE's page, when the check names one. */
  helpUri?: string | undefined;
  /** `security` (security checks), the category, `external/cwe/cwe-NNN` per CWE. */
  tags: string[];
}

const WHY: Readonly<Record<Category, string>> = {
  security:
    "Whoever controls the input that reaches this code can use the weakness to read or change data they should not, act as someone else, or run their own code on the server. Such defects are cheap to fix in review and costly once released.",
  performance:
    "The code is fine on a small data set but slows down or exhausts resources as data, traffic or a dependency's latency grow: requests time out, pools run dry, and one slow path can take the service down for every user.",
  reliability:
    "On an error path or under concurrency this code can lose or corrupt data, leak resources until the process fails, or report success for work that did not happen: faults that tests rarely hit and production does.",
};

const HOW: Readonly<Record<Category, string>> = {
  security:
    "Treat every value from a request, header, file or other service as untrusted: check it against what you expect, hand it to interpreters as data (bound parameters, argument lists, context-aware escaping), and prefer the framework's vetted mechanism to a hand-written one.",
  performance:
    "Bound the work one request can cause: batch queries instead of querying in a loop, add limits, pagination and timeouts, reuse clients and pools, keep blocking work off the request path, and index what you filter on.",
  reliability:
    "Make every path, the failure path included, release what it acquired and say what happened: await or handle every promise, propagate errors instead of discarding them, group related writes in a transaction, make retried operations idempotent.",
};

const HERE = "The alert's message says what to change at its location.";

/** Words spelt the way people write them; everything else is lower case after the first word. */
const WORDS: ReadonlyMap<string, string> = new Map([
  ["sql", "SQL"],
  ["nosql", "NoSQL"],
  ["ldap", "LDAP"],
  ["xpath", "XPath"],
  ["ssrf", "SSRF"],
  ["xxe", "XXE (XML external entities)"],
  ["jwt", "JWT"],
  ["tls", "TLS"],
  ["cors", "CORS"],
  ["io", "I/O"],
  ["dos", "DoS"],
]);

/** `sql-injection` → "SQL injection", `n-plus-one-query` → "N+1 query". */
export function titleOf(id: string): string {
  const words = id.replace(/^n-plus-one-/, "n+1-").split("-").map((w) => WORDS.get(w) ?? (w === "n+1" ? "N+1" : w));
  const [first = id, ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(" ");
}

export function cweUri(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/** GitHub's convention (CodeQL's tags): at least three digits, `external/cwe/cwe-089`. */
export function cweTag(cwe: number): string {
  return `external/cwe/cwe-${String(cwe).padStart(3, "0")}`;
}

/**
 * Help for a checklist check, or for an id the checklist does not have (the model invented it):
 * then only the category's paragraphs are known, and the help says so instead of guessing.
 */
export function buildRuleHelp(check: CheckItem, inChecklist = true): RuleHelp {
  const title = titleOf(check.id);
  const markdown = inChecklist
    ? sentence(check.description)
    : `A ${check.category} finding under \`${check.id}\`, an id that is not in the reviewer's checklist; each alert's message describes it.`;
  const text = plain(markdown);
  const cwes = check.cwes.map((cwe) => `CWE-${cwe}`).join(", ");
  const heading = `${title} (${[check.category, cwes].filter(Boolean).join("; ")})`;
  const cweLinks = check.cwes.map((cwe) => `[CWE-${cwe}](${cweUri(cwe)})`).join(", ");
  return {
    title,
    fullDescription: { text, markdown },
    help: {
      text: [heading, `What it is: ${text}`, `Why it matters: ${WHY[check.category]}`, `How to fix: ${HOW[check.category]} ${HERE}`].join("\n\n"),
      markdown: [
        `## ${title}`,
        markdown,
        `### Why it matters\n\n${WHY[check.category]}`,
        `### How to fix\n\n${HOW[check.category]} ${HERE}`,
        ...(cweLinks ? [`### References\n\n${cweLinks}`] : []),
      ].join("\n\n"),
    },
    helpUri: check.cwes[0] !== undefined ? cweUri(check.cwes[0]) : undefined,
    // The category is the first tag, so security checks carry the `security` tag GitHub looks for.
    tags: [check.category, ...check.cwes.map(cweTag)],
  };
}

/** The checklist line starts in lower case and may end without a full stop. */
function sentence(description: string): string {
  const trimmed = description.trim();
  if (trimmed === "") return "No description in the checklist.";
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Backticks are Markdown; the plain text keeps what they quote. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, "$1");
}
