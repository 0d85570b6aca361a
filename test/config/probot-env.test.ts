import { describe, expect, it } from "vitest";
import { checkProbotEnv, needsAppSetup } from "../../src/config/probot-env.js";

const identity = { APP_ID: "123", PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\n…" };

describe("WEBHOOK_SECRET at start-up", () => {
  it.each(["development", "secret", "changeme", "test", " Development ", "CHANGEME"])("refuses the example secret %j in production", (secret) => {
    const problems = checkProbotEnv({ ...identity, WEBHOOK_SECRET: secret, NODE_ENV: "production" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WEBHOOK_SECRET is a well-known example value, refused with NODE_ENV=production/);
    expect(problems[0]).toContain("openssl rand -hex 32");
  });

  it("never echoes the refused value", () => {
    const [problem] = checkProbotEnv({ ...identity, WEBHOOK_SECRET: "changeme", NODE_ENV: "production" });
    expect(problem).not.toContain("changeme");
  });

  it("accepts a random secret in production", () => {
    expect(checkProbotEnv({ ...identity, WEBHOOK_SECRET: "9f2c1b7e5a3d48c0b6e1f7a2d4c8e0b3", NODE_ENV: "production" })).toEqual([]);
  });

  it("lets the example secret through outside production (a smee.io proxy on a laptop)", () => {
    expect(checkProbotEnv({ ...identity, WEBHOOK_SECRET: "development", NODE_ENV: "development" })).toEqual([]);
    expect(checkProbotEnv({ ...identity, WEBHOOK_SECRET: "development" })).toEqual([]);
  });

  it("refuses a missing or blank secret anywhere", () => {
    expect(checkProbotEnv({ ...identity, WEBHOOK_SECRET: "  " })).toEqual(["WEBHOOK_SECRET is not set: without it webhooks cannot be verified"]);
    expect(checkProbotEnv({ ...identity, NODE_ENV: "production" })).toEqual(["WEBHOOK_SECRET is not set: without it webhooks cannot be verified"]);
  });

  it("offers Probot's set-up flow only outside production", () => {
    expect(needsAppSetup({})).toBe(true);
    expect(needsAppSetup({ NODE_ENV: "production" })).toBe(false);
  });
});
