/** Exit codes: the contract scripts and CI rely on; `--help` lists them. */
export const EXIT = Object.freeze({
  /** Reviewed (or planned) and nothing at or above --fail-on. */
  ok: 0,
  /** A finding at or above --fail-on. */
  findings: 1,
  /** Could not start or could not finish talking to GitHub or git: arguments, configuration, credentials. */
  usage: 2,
  /** The model failed for at least one part of the review; the rest is still printed. */
  model: 3,
});

/** A problem the user can fix, already in words; the CLI prints the message and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
