import type { Severity } from "./finding.js";

const LABELS: Readonly<Record<Severity, string>> = {
  critical: "🔴 Critical",
  high: "🟠 High",
  medium: "🟡 Medium",
  low: "🔵 Low",
};

export function severityLabel(severity: Severity): string {
  return LABELS[severity];
}
