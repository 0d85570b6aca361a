import { runCli } from "../../../src/cli/run-cli.js";
import type { CliIo } from "../../../src/cli/io.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Every code passed to io.exit: runCli must call it exactly once. */
  exits: number[];
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
  tty?: boolean;
}

/**
 * No variable leaks in from the machine running the tests (a real ANTHROPIC_API_KEY above all):
 * each test says what its environment holds. Retries are off so failure tests do not back off.
 */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    BACKEND_REVIEW_MODEL_RETRIES: "0",
    ...extra,
  };
}

export async function runCliForTest(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const exits: number[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env: options.env ?? baseEnv(),
    cwd: options.cwd ?? process.cwd(),
    readStdin: async () => options.stdin ?? "",
    exit: (code: number) => void exits.push(code),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, exits };
}
