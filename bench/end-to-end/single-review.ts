/**
 * One pull request reviewed by the built App (dist/src/main.js, as deployed) against fresh
 * stand-ins: the webhook, the whole job up to the completed check run, every model call's timing
 * and usage, and every GitHub request. A fresh rig per PR keeps the prompt cache and the GitHub
 * request log to this one review.
 */
import { performance } from "node:perf_hooks";
import { sendWebhook } from "../../dev/send-webhook.js";
import type { Usage } from "../../dev/stand-ins/anthropic-stand-in.js";
import { isCheckRunCompletion, type PullRequestScenario, type RecordedRequest } from "../../dev/stand-ins/github-stand-in.js";
import { pullRequestPayload } from "../../dev/webhook-payload.js";
import { startRig } from "../app/bench-app.js";
import type { TimedCall } from "../app/timing-proxy.js";

const JOB_TIMEOUT_MS = 60_000;
export const MODEL_CONCURRENCY = 4;

export interface ReviewRun {
  files: number;
  /** Epoch ms when the webhook was sent; other times are relative to it. */
  sentAt: number;
  ackMs: number;
  ackStatus: number;
  /** Until the check run was marked completed (the job's last word). */
  jobMs: number;
  modelCalls: TimedCall[];
  /** First model call arriving → last model answer sent back. */
  reviewPhaseMs: number;
  usage: Usage;
  requests: RecordedRequest[];
}

const now = () => performance.timeOrigin + performance.now();

export async function reviewOnce(pull: PullRequestScenario, modelLatencyMs: number): Promise<ReviewRun> {
  const rig = await startRig({ scenarios: [pull], modelLatencyMs, env: { BACKEND_REVIEW_MODEL_CONCURRENCY: String(MODEL_CONCURRENCY) } });
  try {
    const sentAt = now();
    const ack = await sendWebhook({ appUrl: rig.app.url, event: "pull_request", payload: pullRequestPayload(pull), secret: rig.secret });
    const ackMs = now() - sentAt;
    if (ack.status >= 300) throw new Error(`the App refused the webhook: HTTP ${ack.status}`);
    const done = await rig.github.waitFor(isCheckRunCompletion, JOB_TIMEOUT_MS).catch(() => {
      throw new Error(`no completed check run within ${JOB_TIMEOUT_MS / 1000} s\n${rig.app.output()}`);
    });
    const calls = [...rig.proxy.calls];
    const first = Math.min(...calls.map((c) => c.start));
    const last = Math.max(...calls.map((c) => c.end));
    return {
      files: pull.files.length,
      sentAt,
      ackMs,
      ackStatus: ack.status,
      jobMs: done.receivedAt - sentAt,
      modelCalls: calls,
      reviewPhaseMs: calls.length > 0 ? last - first : 0,
      usage: totalUsage(rig.anthropic.calls.map((c) => c.usage)),
      requests: [...rig.github.requests],
    };
  } finally {
    await rig.close();
  }
}

export function totalUsage(usages: readonly (Usage | undefined)[]): Usage {
  const total: Usage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  for (const u of usages) {
    if (!u) continue;
    total.input_tokens += u.input_tokens;
    total.output_tokens += u.output_tokens;
    total.cache_creation_input_tokens += u.cache_creation_input_tokens;
    total.cache_read_input_tokens += u.cache_read_input_tokens;
  }
  return total;
}

/** Input billed in input-token equivalents, priced as the Messages API prices cache writes and reads. */
export function billedInput(u: Usage, caching = true): number {
  if (!caching) return u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
  return u.input_tokens + 1.25 * u.cache_creation_input_tokens + 0.1 * u.cache_read_input_tokens;
}

/** `POST /repos/{owner}/{repo}/check-runs`: requests grouped by what they do, not by which PR. */
export function endpointOf(r: RecordedRequest): string {
  const path = r.path
    .replace(/^\/repos\/[^/]+\/[^/]+/, "/repos/{owner}/{repo}")
    .replace(/\/contents\/.+$/, "/contents/{path}")
    .replace(/\/\d+(?=\/|$)/g, "/{n}");
  return `${r.method} ${path}`;
}
