import { randomUUID } from "node:crypto";
import { appendFile } from "node:fs/promises";

/**
 * GITHUB_OUTPUT takes `name=value` lines; a value with a line break needs the heredoc form, whose
 * delimiter must not occur in the value (a random one, as the runner's own toolkit does).
 */
export function formatOutputs(outputs: Readonly<Record<string, string>>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}

/** Appended, as the runner expects: other steps of the job write to the same files. */
export async function writeOutputs(file: string, outputs: Readonly<Record<string, string>>): Promise<void> {
  await appendFile(file, formatOutputs(outputs), "utf8");
}

/** GitHub shows at most 1 MiB of a step's summary and drops the whole summary beyond that. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

export async function appendJobSummary(file: string, markdown: string): Promise<void> {
  await appendFile(file, capSummary(markdown), "utf8");
}

export function capSummary(markdown: string): string {
  const text = markdown.endsWith("\n") ? markdown : `${markdown}\n`;
  if (Buffer.byteLength(text) <= MAX_SUMMARY_BYTES) return text;
  const note = "\n\n… cut off here: GitHub shows at most 1 MiB of a job summary. The SARIF file and the review on the pull request have everything.\n";
  // A character cut in half at the end decodes as U+FFFD: harmless in a cut-off note.
  const cut = Buffer.from(text).subarray(0, MAX_SUMMARY_BYTES - Buffer.byteLength(note)).toString("utf8");
  return `${cut.replace(/\uFFFD$/, "")}${note}`;
}

/** A workflow command: `::error::…` becomes an annotation on the run. Line breaks are escaped as the runner wants. */
export function workflowCommand(command: "error" | "warning" | "notice", message: string): string {
  const escaped = message.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return `::${command}::${escaped}\n`;
}
