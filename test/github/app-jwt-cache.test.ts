import nock from "nock";
import pino from "pino";
import { Probot } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAppJwtCache } from "../../src/github/app-jwt-cache.js";
import { AppOctokit } from "../../src/github/app-octokit.js";
import { GITHUB, resetNock, unmatchedRequests, useNock } from "../helpers/app-under-test.js";
import { testPrivateKey } from "../helpers/test-probot.js";

/** The claims of a JWT, read without checking it. */
function claims(jwt: string): { iat: number; exp: number; iss: number } {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { iat: number; exp: number; iss: number };
}

describe("createAppJwtCache", () => {
  it("signs once for callers arriving together and reuses the JWT until a minute before it expires", async () => {
    let clock = Date.parse("2026-12-03T08:00:00Z");
    const createJwt = createAppJwtCache(testPrivateKey(), () => clock);
    const [a, b] = await Promise.all([createJwt(123), createJwt(123)]);
    expect(b).toBe(a);
    expect(claims(a.jwt)).toMatchObject({ iss: 123, iat: clock / 1000 - 30, exp: clock / 1000 + 570 });
    clock += 8 * 60_000; // 1.5 minutes before expiry
    expect(await createJwt(123)).toBe(a);
    clock += 31_000; // 59 seconds before expiry: renewed
    const renewed = await createJwt(123);
    expect(renewed.jwt).not.toBe(a.jwt);
    expect(claims(renewed.jwt).iat).toBe(clock / 1000 - 30);
  });

  it("keeps a JWT corrected for GitHub's clock apart from the uncorrected one", async () => {
    const clock = Date.parse("2026-12-03T08:00:00Z");
    const createJwt = createAppJwtCache(testPrivateKey(), () => clock);
    const plain = await createJwt(123);
    const corrected = await createJwt(123, -120);
    expect(claims(corrected.jwt).iat).toBe(claims(plain.jwt).iat - 120);
    expect(await createJwt(123, -120)).toBe(corrected);
  });

  it("does not keep a failed signature", async () => {
    const createJwt = createAppJwtCache("-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----");
    await expect(createJwt(123)).rejects.toThrow();
    await expect(createJwt(123)).rejects.toThrow();
  });
});

describe("AppOctokit: installation tokens share one App JWT", () => {
  afterEach(() => {
    vi.useRealTimers();
    expect(unmatchedRequests()).toEqual([]);
    resetNock();
  });

  it("exchanges the same JWT for the tokens of two installations minutes apart", async () => {
    useNock();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-12-03T08:00:00Z") });
    const jwts: string[] = [];
    const scope = nock(GITHUB)
      .post(/\/app\/installations\/(1|2)\/access_tokens/)
      .times(2)
      .reply(function () {
        jwts.push(String(this.req.headers.authorization).replace(/^bearer /i, ""));
        return [201, { token: `ghs_${jwts.length}`, expires_at: "2026-12-03T09:00:00Z", permissions: {}, repository_selection: "all" }];
      })
      .get("/repos/o/r")
      .times(2)
      .reply(200, {});
    const probot = new Probot({
      appId: 123,
      privateKey: testPrivateKey(),
      log: pino({ level: "silent" }),
      Octokit: AppOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { ...(options.throttle as object), enabled: false } })),
    });
    await (await probot.auth(1)).request("GET /repos/o/r");
    vi.setSystemTime(Date.parse("2026-12-03T08:03:00Z"));
    await (await probot.auth(2)).request("GET /repos/o/r");
    expect(scope.pendingMocks()).toEqual([]);
    expect(jwts).toHaveLength(2);
    expect(jwts[1]).toBe(jwts[0]);
    expect(claims(jwts[0] ?? "")).toMatchObject({ iss: 123 });
  });
});
