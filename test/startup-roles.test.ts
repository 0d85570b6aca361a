import { describe, expect, it } from "vitest";
import { prepareApp } from "../src/startup.js";

const base = { ANTHROPIC_API_KEY: "sk-ant-secret-value" };
// prepareApp connects the shared budget and command cap to it (lazily reconnecting if it is away).
const redis = { REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6399" };

describe("BACKEND_REVIEW_ROLE and METRICS_PORT", () => {
  it("runs everything in one process, with the operations port on 9102, by default", async () => {
    const startup = await prepareApp(base);
    expect(startup.ok && [startup.role, startup.metricsPort]).toEqual(["all", 9102]);
  });

  it.each(["web", "worker", " worker "])("takes role %j with REDIS_URL", async (role) => {
    const startup = await prepareApp({ ...base, ...redis, BACKEND_REVIEW_ROLE: role, METRICS_PORT: "9200" });
    expect(startup.ok && [startup.role, startup.metricsPort, startup.deps.queue.kind]).toEqual([role.trim(), 9200, "redis"]);
  });

  it.each(["web", "worker"])("refuses role %s without REDIS_URL, saying why", async (role) => {
    expect(await prepareApp({ ...base, BACKEND_REVIEW_ROLE: role })).toEqual({
      ok: false,
      problems: [
        `BACKEND_REVIEW_ROLE=${role} needs REDIS_URL: web and worker processes share jobs through Redis; without it only "all" runs (one process does both)`,
      ],
    });
  });

  it("names an unknown role without echoing it, together with every other problem", async () => {
    const startup = await prepareApp({ BACKEND_REVIEW_ROLE: "sk-ant-oops", METRICS_PORT: "99999", BACKEND_REVIEW_REDIS_PREFIX: "a:b" });
    expect(startup).toEqual({
      ok: false,
      problems: [
        "ANTHROPIC_API_KEY is not set: the reviewer calls Anthropic's API with it",
        "BACKEND_REVIEW_REDIS_PREFIX must be 1 to 64 letters, digits or _ . - { } (the start of every Redis key of this deployment)",
        "BACKEND_REVIEW_ROLE must be one of all, web, worker (what this process does)",
        "METRICS_PORT must be a whole number from 1 to 65535 (TCP port of /healthz, /readyz and /metrics, apart from the webhook port)",
      ],
    });
    expect(JSON.stringify(startup)).not.toContain("sk-ant");
  });

  it("refuses the webhook port as the operations port, but not for a worker, which has no webhook port", async () => {
    expect(await prepareApp({ ...base, PORT: "8080", METRICS_PORT: "8080" })).toEqual({
      ok: false,
      problems: ["METRICS_PORT must differ from PORT (8080, the webhook port): the operations endpoints are served apart from the port GitHub reaches"],
    });
    expect((await prepareApp({ ...base, METRICS_PORT: "3000" })).ok).toBe(false);
    expect((await prepareApp({ ...base, ...redis, BACKEND_REVIEW_ROLE: "worker", METRICS_PORT: "3000" })).ok).toBe(true);
  });
});
