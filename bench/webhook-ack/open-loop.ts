/**
 * An open-loop load generator: request i is sent at start + i / rate whether or not earlier ones
 * were answered, and its time is counted from that scheduled instant. A slow answer therefore
 * shows up in the percentiles instead of quietly slowing the sender down (coordinated omission).
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { WEBHOOK_PATH } from "../../dev/send-webhook.js";
import type { Delivery } from "../app/bench-app.js";

export interface LoadResult {
  sent: number;
  /** Milliseconds from scheduled send to the end of a 2xx answer. */
  latencies: number[];
  /** The same, counted from when the request was actually written: without the sender's own lag. */
  fromWrite: number[];
  non2xx: number;
  errors: number;
  /** Answers by HTTP status, e.g. 202 is what @octokit/webhooks sends when handlers run past 9 s. */
  statuses: Record<string, number>;
  /** How far behind schedule the sender itself fell at worst: a check on the generator, not the server. */
  maxSendLagMs: number;
  /** Per 2xx answer: when it was scheduled (ms after the first) and its latency, to tell one stall from steady queueing. */
  timeline: { atMs: number; ms: number }[];
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function openLoop(port: number, deliveries: readonly Delivery[], ratePerSecond: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const result: LoadResult = { sent: 0, latencies: [], fromWrite: [], non2xx: 0, errors: 0, statuses: {}, maxSendLagMs: 0, timeline: [] };
  const answers: Promise<void>[] = [];
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      while (result.sent < deliveries.length && start + result.sent * interval <= performance.now()) {
        const scheduled = start + result.sent * interval;
        result.maxSendLagMs = Math.max(result.maxSendLagMs, performance.now() - scheduled);
        answers.push(send(port, deliveries[result.sent], { scheduled, start }, agent, result));
        result.sent += 1;
      }
      if (result.sent >= deliveries.length) resolve();
      else setTimeout(tick, Math.max(0, start + result.sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(answers);
  agent.destroy();
  return result;
}

function send(port: number, delivery: Delivery | undefined, { scheduled, start }: { scheduled: number; start: number }, agent: Agent, result: LoadResult): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!delivery) return resolve();
    const written = performance.now();
    const req = request({ host: "127.0.0.1", port, method: "POST", path: WEBHOOK_PATH, headers: delivery.headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.once("end", () => {
        const status = res.statusCode ?? 0;
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          result.latencies.push(performance.now() - scheduled);
          result.timeline.push({ atMs: scheduled - start, ms: performance.now() - scheduled });
          result.fromWrite.push(performance.now() - written);
        } else result.non2xx += 1;
        resolve();
      });
    });
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.once("error", () => {
      result.errors += 1;
      resolve();
    });
    req.end(delivery.body);
  });
}
