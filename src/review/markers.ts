/**
 * Hidden markers in the bot's own posts. They carry the state later runs need (which commit was
 * reviewed, which finding a comment is) so that state lives on GitHub, not in a database.
 * Values are restricted to hex and kebab-case, so model text can never shape a marker.
 */

import { SEVERITIES, type Severity } from "./finding.js";

const PREFIX = "backend-review";

/** `severity` lets later runs weigh still-open findings against `fail_on` without re-reading them. */
export function findingMarker(fingerprint: string, checkId: string, severity?: Severity): string {
  const sev = severity !== undefined && SEVERITIES.includes(severity) ? ` sev=${severity}` : "";
  return `<!-- ${PREFIX}:finding fp=${hex(fingerprint)} check=${kebab(checkId)}${sev} -->`;
}

/** `partial` marks a review some of whose model calls failed: the next run reviews that commit again. */
export function reviewMarker(headSha: string, state: "done" | "partial" = "done"): string {
  return `<!-- ${PREFIX}:review sha=${hex(headSha)}${state === "partial" ? " state=partial" : ""} -->`;
}

/** On the PR comment that says a review could not be completed. */
export function noticeMarker(headSha: string): string {
  return `<!-- ${PREFIX}:notice sha=${hex(headSha)} -->`;
}

/** On the one PR comment about an invalid configuration; `state` says whether it still applies. */
export function configMarker(state: "open" | "fixed"): string {
  return `<!-- ${PREFIX}:config state=${state} -->`;
}

/** On the reply that dismissed a finding: that fingerprint is never posted again. */
export function dismissedMarker(fingerprint: string): string {
  return `<!-- ${PREFIX}:dismissed fp=${hex(fingerprint)} -->`;
}

export interface ParsedMarker {
  kind: "finding" | "review" | "notice" | "config" | "dismissed";
  fields: Record<string, string>;
}

/** Reads the last marker of a body; only a marker on the body's last line counts. */
export function parseMarker(body: string): ParsedMarker | undefined {
  const lastLine = body.trimEnd().split("\n").at(-1) ?? "";
  const match = /^<!-- backend-review:(finding|review|notice|config|dismissed)((?: [a-z]+=[a-z0-9-]+)*) -->$/.exec(lastLine.trim());
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of (match[2] ?? "").trim().split(" ").filter(Boolean)) {
    const [key, value] = pair.split("=");
    if (key && value) fields[key] = value;
  }
  return { kind: match[1] as ParsedMarker["kind"], fields };
}

function hex(value: string): string {
  if (!/^[0-9a-f]{1,64}$/.test(value)) throw new Error(`marker value is not hex: ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

function kebab(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 60) || "unknown";
}
