import { expect, it } from "vitest";
import { createNoticeRunner } from "../../src/jobs/notice-runner.js";
import { createRedisNoticeClaims } from "../../src/jobs/redis-notice-claims.js";
import { silentLogger } from "../../src/review/logger.js";
import { describeWithRedis, useRedisClient } from "./redis-harness.js";

describeWithRedis("notices shared by replicas on Redis", () => {
  const { client, prefix } = useRedisClient();

  it("posts one 'not reviewed' check for a head whose deliveries reached three replicas", async () => {
    const replicas = [1, 2, 3].map(() => createNoticeRunner({ shared: createRedisNoticeClaims(client, prefix) }));
    const sent: string[] = [];
    for (const [n, runner] of replicas.entries()) runner.post("not-queued|acme/api@c0ffee", async () => void sent.push(`replica ${n}`), silentLogger);
    await Promise.all(replicas.map((r) => r.drain()));
    expect(sent).toHaveLength(1);
  });

  it("lets another replica post a notice the first could not", async () => {
    const [a, b] = [1, 2].map(() => createNoticeRunner({ shared: createRedisNoticeClaims(client, prefix) }));
    const sent: string[] = [];
    a!.post("not-queued|acme/api@bad", async () => Promise.reject(new Error("GitHub said 502")), silentLogger);
    await a!.drain();
    b!.post("not-queued|acme/api@bad", async () => void sent.push("b"), silentLogger);
    await b!.drain();
    expect(sent).toEqual(["b"]);
  });
});
