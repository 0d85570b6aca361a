import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAction } from "../../src/action/run-action.js";
import type { CliIo } from "../../src/cli/io.js";

export const BUNDLE = fileURLToPath(new URL("../../action/index.mjs", import.meta.url));

/** What a run of the step left behind: its exit code, log, step outputs and job summary. */
export interface StepResult {
  code: number;
  log: string;
  outputs: Record<string, string>;
  summary: string;
  /** The SARIF file the step wrote (read before the temp directory goes). */
  sarif?: string | undefined;
}

export interface StepSetup {
  /** `with:` of the workflow step, by input name (`fail-on`, …). */
  inputs: Record<string, string>;
  /** The webhook payload GITHUB_EVENT_PATH points at. */
  event: Record<string, unknown>;
  eventName?: string;
  githubApiUrl: string;
  anthropicBaseUrl: string;
  extraEnv?: Record<string, string>;
}

/** action.yml's defaults, which the runner passes as inputs when the workflow leaves them out. */
const DEFAULT_INPUTS = { config: ".github/backend-review.yml" };

/**
 * The runner's side of a step, in a fresh temp directory: INPUT_* variables named as the runner
 * names them (upper case, hyphens kept), the event file, empty GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files, the workspace. Nothing leaks in from the machine running the tests.
 */
export function stepEnv(setup: StepSetup, dir: string): Record<string, string> {
  const eventPath = path.join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(setup.event));
  for (const file of ["output.txt", "summary.md"]) writeFileSync(path.join(dir, file), "");
  const inputs = Object.entries({ ...DEFAULT_INPUTS, ...setup.inputs }).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]);
  const repo = (setup.event.repository as { full_name: string }).full_name;
  return {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    ...Object.fromEntries(inputs),
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: setup.eventName ?? "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: path.join(dir, "output.txt"),
    GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"),
    GITHUB_WORKSPACE: path.join(dir, "workspace"),
    GITHUB_REPOSITORY: repo,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_API_URL: setup.githubApiUrl,
    ANTHROPIC_BASE_URL: setup.anthropicBaseUrl,
    BACKEND_REVIEW_MODEL_RETRIES: "0",
    ...setup.extraEnv,
  };
}

/** GITHUB_OUTPUT's two forms: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? "", i + 1);
      outputs[heredoc[1] ?? ""] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

function collect(dir: string, code: number, log: string): StepResult {
  const read = (file: string) => (existsSync(path.resolve(dir, file)) ? readFileSync(path.resolve(dir, file), "utf8") : undefined);
  const outputs = parseOutputs(read("output.txt") ?? "");
  const sarif = outputs["sarif-path"] ? read(outputs["sarif-path"]) : undefined;
  return { code, log, outputs, summary: read("summary.md") ?? "", sarif };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "backend-review-action-"));
}

/** `node action/index.mjs`, as the runner starts a node24 action: the committed bundle, in a child process. */
export async function runBundle(setup: StepSetup): Promise<StepResult> {
  const dir = tempDir();
  try {
    const child = spawn(process.execPath, [BUNDLE], { env: stepEnv(setup, dir), cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const code = await new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (exit) => resolve(exit ?? -1));
    });
    return collect(dir, code, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same entry in-process, with the environment injected: quicker, for the cases around the main path. */
export async function runInProcess(setup: StepSetup): Promise<StepResult> {
  const dir = tempDir();
  try {
    let log = "";
    const io: CliIo = {
      stdout: { write: (text: string) => (log += text) },
      stderr: { write: (text: string) => (log += text) },
      env: stepEnv(setup, dir),
      cwd: dir,
      readStdin: async () => "",
      exit: () => undefined,
    };
    const code = await runAction(io);
    return collect(dir, code, log);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
