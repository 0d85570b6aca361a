import { generateKeyPairSync } from "node:crypto";
import pino from "pino";
import { Probot, ProbotOctokit, type ApplicationFunction } from "probot";

let privateKey: string | undefined;

/** One RSA key per test process: Probot signs its App JWT with it; nock never checks it. */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return privateKey;
}

/**
 * A fresh Probot per test (it caches installation tokens). Throttling and retries are off through
 * the function form of defaults: Probot 14 overwrites the object form.
 */
export function createTestProbot(appFn: ApplicationFunction): Probot {
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey(),
    log: pino({ level: "silent" }),
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
  void probot.load(appFn);
  return probot;
}
