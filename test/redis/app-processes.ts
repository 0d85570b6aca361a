/**
 * The App as separate operating-system processes on the test Redis: `src/main.ts` bundled once
 * (esbuild, dependencies left as imports, so `npm test` needs no build), each process started with
 * its own role, ports and environment against the local GitHub and Anthropic stand-ins, and killed
 * like a real replica (SIGKILL: no shutdown code runs, its locks are simply no longer renewed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll } from "vitest";
import { DEMO_SCENARIO } from "../../dev/demo-scenario.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { startGitHubStandIn, type GitHubStandIn } from "../../dev/stand-ins/github-stand-in.js";
import { delay, findFreePort, readBody } from "../../dev/stand-ins/http-kit.js";
import { removeKeys, uniquePrefix } from "./redis-harness.js";
import { testPrivateKey } from "../helpers/test-probot.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Bundles the App's entry into node_modules/.cache (bare imports then resolve to the project's
 * node_modules, and the agent file is found by walking up to the project root, as from dist/).
 */
export async function bundleApp(): Promise<{ entry: string; remove(): void }> {
  const cache = path.join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, "backend-review-app-"));
  const entry = path.join(dir, "main.mjs");
  await build({
    entryPoints: [path.join(ROOT, "src/main.ts")],
    outfile: entry,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AppProcess {
  name: string;
  /** `http://127.0.0.1:<PORT>`: the webhook port (none for a worker). */
  webhookUrl: string;
  /** `http://127.0.0.1:<METRICS_PORT>`. */
  opsUrl: string;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Sends a signal without waiting for the process to end. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
}

export interface SharedEnv {
  /** Unset: the in-process queue (role "all" only). */
  redisUrl?: string | undefined;
  prefix?: string | undefined;
  githubHost: string;
  anthropicUrl: string;
  secret: string;
  /** Anything else, e.g. BACKEND_REVIEW_MODEL_TIMEOUT_MS. */
  extra?: Record<string, string>;
}

/** Starts one process of the App and resolves once its /readyz (and, unless a worker, /ping) answers 200. */
export async function startAppProcess(entry: string, name: string, role: "all" | "web" | "worker", env: SharedEnv): Promise<AppProcess> {
  const [port, metricsPort] = [await findFreePort(), await findFreePort()];
  const child = spawn(process.execPath, [entry], {
    // The bundle's own directory: no `.env` there, which Probot's run() would copy over the environment.
    cwd: path.dirname(entry),
    env: {
      PATH: process.env.PATH ?? "",
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: env.secret,
      GHE_HOST: env.githubHost,
      GHE_PROTOCOL: "http",
      ANTHROPIC_API_KEY: "sk-ant-stand-in",
      ANTHROPIC_BASE_URL: env.anthropicUrl,
      BACKEND_REVIEW_MODEL_RETRIES: "0",
      ...(env.redisUrl !== undefined ? { REDIS_URL: env.redisUrl } : {}),
      ...(env.prefix !== undefined ? { BACKEND_REVIEW_REDIS_PREFIX: env.prefix } : {}),
      BACKEND_REVIEW_ROLE: role,
      HOST: "127.0.0.1",
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      ...env.extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const app: AppProcess = {
    name,
    webhookUrl: `http://127.0.0.1:${port}`,
    opsUrl: `http://127.0.0.1:${metricsPort}`,
    output: () => lines.slice(-200).join("\n"),
    kill: (signal) => killAndWait(child, signal),
    signal: (signal) => void child.kill(signal),
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once("exit", (code) => resolve(code)))),
  };
  try {
    await waitFor200(`${app.opsUrl}/readyz`, child);
    if (role !== "worker") await waitFor200(`${app.webhookUrl}/ping`, child);
  } catch (error) {
    await app.kill("SIGKILL");
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}\n${app.output()}`, { cause: error });
  }
  return app;
}

async function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  // A graceful stop that hangs must not hang the test run.
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor200(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited during start-up (code ${child.exitCode})`);
    const status = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await delay(100);
  }
  throw new Error(`GET ${url} did not answer 200 within ${timeoutMs} ms`);
}

export interface ModelGate {
  url: string;
  /** Calls that reached the gate, held ones included. */
  readonly calls: number;
  /** `Date.now()` when each call arrived. */
  readonly arrivals: readonly number[];
  /** Resolves once `n` calls have arrived. */
  arrived(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Sits in front of the Anthropic stand-in: call n waits `holdMs(n)` (Infinity: never answered,
 * like a model call in flight when its process dies) before it is passed on and the stand-in's
 * answer relayed.
 */
export async function startModelGate(target: string, holdMs: (call: number) => number): Promise<ModelGate> {
  let calls = 0;
  const arrivals: number[] = [];
  const waiters: { n: number; resolve(): void }[] = [];
  const server: Server = createServer((req, res) => {
    const call = ++calls;
    arrivals.push(Date.now());
    for (const w of waiters.filter((x) => x.n <= calls)) w.resolve();
    void relay(req, target, holdMs(call)).then(
      ({ status, headers, body }) => {
        if (res.destroyed) return;
        res.writeHead(status, headers);
        res.end(body);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1" }, resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get calls() {
      return calls;
    },
    arrivals,
    arrived: (n) => (calls >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function relay(req: IncomingMessage, target: string, holdMs: number): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { raw } = await readBody(req);
  if (holdMs === Infinity) await new Promise<never>((_resolve, reject) => req.socket.once("close", () => reject(new Error("caller went away"))));
  await delay(holdMs);
  const response = await fetch(`${target}${req.url ?? ""}`, {
    method: req.method ?? "POST",
    headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "", "x-api-key": String(req.headers["x-api-key"] ?? "") },
    body: raw,
  });
  return { status: response.status, headers: { "content-type": response.headers.get("content-type") ?? "application/json" }, body: await response.text() };
}

/** A webhook secret of this run only. */
export function randomSecret(): string {
  return randomBytes(16).toString("hex");
}

/** A web process and workers on Redis, the stand-ins and the model gate: what a replica test needs. */
export interface ReplicaHarness {
  bundle: Awaited<ReturnType<typeof bundleApp>>;
  github: GitHubStandIn;
  anthropic: AnthropicStandIn;
  gate: ModelGate;
  /** Started processes: each is stopped after the file, and its output shown when a test fails. */
  processes: AppProcess[];
  prefix: string;
}

/**
 * Registers the file's hooks (call inside a describe): the App bundled once, the stand-ins and a
 * model gate holding each call for `holdMs(call)`, all torn down after the file with the
 * processes started and the Redis keys they wrote. The fields are set by the time tests run.
 */
export function useReplicaHarness(holdMs: (call: number) => number): ReplicaHarness {
  const harness = { processes: [] as AppProcess[], prefix: uniquePrefix() } as ReplicaHarness;
  beforeAll(async () => {
    harness.bundle = await bundleApp();
    harness.github = await startGitHubStandIn({ ...DEMO_SCENARIO });
    harness.anthropic = await startAnthropicStandIn();
    harness.gate = await startModelGate(harness.anthropic.baseUrl, holdMs);
  }, 60_000);
  afterEach((context) => {
    if (context.task.result?.state === "fail") for (const p of harness.processes) console.error(`--- ${p.name}\n${p.output()}`);
  });
  afterAll(async () => {
    await Promise.all(harness.processes.map((p) => p.kill("SIGTERM")));
    await Promise.all([harness.gate?.close(), harness.github?.close(), harness.anthropic?.close()]);
    await removeKeys(harness.prefix);
    harness.bundle?.remove();
  }, 60_000);
  return harness;
}
