import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ReviewReport } from "../review/review-report.js";
import type { TokenUsage } from "../review/model.js";

/**
 * What the App is doing and spending, for Prometheus. One registry per App instance (not
 * prom-client's global one), so tests and several Apps in one process never share counters.
 */
export interface AppMetrics {
  readonly registry: Registry;
  webhook(event: string): void;
  reviewOutcome(outcome: string): void;
  report(report: ReviewReport): void;
  tokens(usage: TokenUsage): void;
  modelCall(seconds: number, outcome: "ok" | "error"): void;
  queueWait(seconds: number): void;
  rateLimitRemaining(remaining: number): void;
}

/** How many jobs are queued or running, read when Prometheus scrapes (from Redis with `REDIS_URL`). */
export interface QueueProbe {
  pending(): number | Promise<number>;
  running(): number;
}

export function createAppMetrics(queue: QueueProbe, options: { defaults?: boolean } = {}): AppMetrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: "backend_review_" });
  const webhooks = new Counter({ name: "backend_review_webhooks_total", help: "Webhook deliveries received, by event.", labelNames: ["event"], registers: [registry] });
  const reviews = new Counter({ name: "backend_review_reviews_total", help: "Review jobs finished, by outcome.", labelNames: ["outcome"], registers: [registry] });
  const findings = new Counter({
    name: "backend_review_findings_total",
    help: "Findings posted (inline or in the summary), by severity and category.",
    labelNames: ["severity", "category"],
    registers: [registry],
  });
  const tokens = new Counter({ name: "backend_review_model_tokens_total", help: "Model tokens, by kind.", labelNames: ["kind"], registers: [registry] });
  const latency = new Histogram({
    name: "backend_review_model_call_seconds",
    help: "Duration of one model call, retries included.",
    labelNames: ["outcome"],
    buckets: [1, 2.5, 5, 10, 20, 40, 60, 120, 300],
    registers: [registry],
  });
  const wait = new Histogram({
    name: "backend_review_queue_wait_seconds",
    help: "Time a job waited in the queue before it started.",
    buckets: [0.01, 0.1, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });
  const rateLimit = new Gauge({ name: "backend_review_github_rate_limit_remaining", help: "GitHub's x-ratelimit-remaining on the latest response.", registers: [registry] });
  new Gauge({
    name: "backend_review_queue_jobs",
    help: "Jobs queued or running (on every replica when the queue is on Redis).",
    registers: [registry],
    async collect() {
      // Redis away: the last value stays, and /readyz says why.
      const pending = await Promise.resolve(queue.pending()).catch(() => undefined);
      if (pending !== undefined) this.set(pending);
    },
  });
  new Gauge({ name: "backend_review_queue_running", help: "Jobs running in this process.", registers: [registry], collect() { this.set(queue.running()); } });

  return {
    registry,
    webhook: (event) => webhooks.inc({ event }),
    reviewOutcome: (outcome) => reviews.inc({ outcome }),
    report(report) {
      for (const item of [...report.inline, ...report.overflow, ...report.fileLevel]) {
        findings.inc({ severity: item.finding.severity, category: item.finding.category });
      }
    },
    tokens(usage) {
      tokens.inc({ kind: "input" }, usage.input);
      tokens.inc({ kind: "output" }, usage.output);
      tokens.inc({ kind: "cache_read" }, usage.cacheRead);
      tokens.inc({ kind: "cache_write" }, usage.cacheWrite);
    },
    modelCall: (seconds, outcome) => latency.observe({ outcome }, seconds),
    queueWait: (seconds) => wait.observe(seconds),
    rateLimitRemaining: (remaining) => rateLimit.set(remaining),
  };
}
