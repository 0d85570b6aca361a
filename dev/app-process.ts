/**
 * Runs the built App (`dist/src/main.js`) as a child process, exactly as `npm start` would, and
 * knows when it is ready (Probot answers `GET /ping`). Its output is kept, not shown, so a failing
 * run can print what the App said.
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { delay } from "./stand-ins/http-kit.js";

export interface AppProcess {
  url: string;
  /** The App's stdout and stderr so far (the last 200 lines). */
  output(): string;
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  entry: string;
  port: number;
  env: Record<string, string>;
  readyTimeoutMs: number;
}

const KEPT_LINES = 200;

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const lines: string[] = [];
  // A minimal environment, and a working directory without a `.env`: Probot's run() copies a .env
  // file over process.env, and a developer's real credentials must never reach a demo.
  const child = spawn(process.execPath, [options.entry], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );

  const app: AppProcess = {
    url: `http://127.0.0.1:${options.port}`,
    output: () => lines.join("\n"),
    async stop() {
      if (exitCode !== undefined) return;
      child.kill("SIGTERM");
      // Probot handles SIGINT only; SIGTERM ends node at once. SIGKILL is the bound if it does not.
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilReady(app.url, options.readyTimeoutMs, () => exitCode);
  } catch (error) {
    await app.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n\nThe App's output:\n${app.output() || "(none)"}`, { cause: error });
  }
  return app;
}

async function waitUntilReady(url: string, timeoutMs: number, exitCode: () => number | null | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode() !== undefined) throw new Error(`the App exited during start-up (exit code ${exitCode()})`);
    try {
      const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  throw new Error(`the App did not answer GET ${url}/ping within ${timeoutMs} ms`);
}
