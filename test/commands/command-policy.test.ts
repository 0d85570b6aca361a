import { describe, expect, it } from "vitest";
import { mayRun } from "../../src/commands/command-policy.js";
import { createRateLimiter } from "../../src/commands/rate-limiter.js";

const who = (permission: string, isAuthor = false) => ({ login: "u", permission, isAuthor });

describe("who may run commands", () => {
  it.each([
    ["paid", "write", who("write"), true],
    ["paid", "write", who("maintain"), true],
    ["paid", "write", who("admin"), true],
    ["paid", "write", who("triage"), false],
    ["paid", "write", who("read", true), false],
    ["paid", "author_or_write", who("read", true), true],
    ["paid", "author_or_write", who("read"), false],
    ["paid", "anyone", who("none"), true],
    ["dismiss", "anyone", who("read", true), false],
    ["dismiss", "write", who("write"), true],
  ] as const)("%s command under %s: %o → %s", (kind, allowed, requester, expected) => {
    expect(mayRun(kind, allowed, requester)).toBe(expected);
  });
});

describe("the per-PR hourly cap", () => {
  it("allows the cap within an hour, then says when the oldest slot frees up", async () => {
    let now = Date.parse("2026-11-29T10:00:00Z");
    const limiter = createRateLimiter(() => now);
    expect(await limiter.take("acme/api#1", 2)).toEqual({ ok: true });
    now += 10 * 60_000;
    expect(await limiter.take("acme/api#1", 2)).toEqual({ ok: true });
    expect(await limiter.take("acme/api#1", 2)).toEqual({ ok: false, retryAt: new Date("2026-11-29T11:00:00Z") });
    expect(await limiter.take("acme/api#2", 2)).toEqual({ ok: true });
    now = Date.parse("2026-11-29T11:00:01Z");
    expect(await limiter.take("acme/api#1", 2)).toEqual({ ok: true });
  });
});
