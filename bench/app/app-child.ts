/**
 * The built App (`dist/src/main.js`) as a child process, exactly as `npm start` runs it (Probot's
 * default Octokit, so its write pacing and retries are on), with its pid so its memory and CPU can
 * be read from /proc. Children are killed if the bench exits early for any reason.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { delay } from "../../dev/stand-ins/http-kit.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** What `npm start` runs after building. */
const APP_ENTRY = path.join(here, "..", "..", "src", "main.js");
/** Recorded in results.json: every case runs the App this way. */
export const APP_AS_RUN = {
  entry: "dist/src/main.js",
  pacing: "on (Probot's default throttling and retry, as npm start)",
} as const;
const READY_MS = 15_000;
const KEPT_LINES = 100;
const live = new Set<ChildProcess>();
process.once("exit", () => live.forEach((child) => child.kill("SIGKILL")));

export interface AppChild {
  url: string;
  port: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startAppChild(port: number, env: Record<string, string>): Promise<AppChild> {
  // No inherited environment and a working directory without a .env: nothing real reaches the App.
  const child = spawn(process.execPath, [APP_ENTRY], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const app: AppChild = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    output: () => lines.join("\n"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
      live.delete(child);
    },
  };
  await waitUntilReady(app, () => child.exitCode !== null).catch(async (error: unknown) => {
    await app.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${app.output()}`);
  });
  return app;
}

async function waitUntilReady(app: AppChild, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("the App exited during start-up");
    const ok = await fetch(`${app.url}/ping`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await delay(100);
  }
  throw new Error(`the App did not answer /ping within ${READY_MS} ms`);
}
