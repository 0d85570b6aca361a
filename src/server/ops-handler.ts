import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppMetrics } from "../metrics/app-metrics.js";

export interface Lifecycle {
  /** Set when SIGTERM arrived: the App finishes its work but should get no new traffic. */
  shuttingDown: boolean;
}

/**
 * GET /healthz (the process is alive), /readyz (it should get traffic) and /metrics (Prometheus),
 * served on the operations port (METRICS_PORT), never on the webhook port. Settings and the agent
 * file were checked before the server started, so a running App is configured; readiness turns off during shutdown, and while the queue cannot
 * take jobs (`REDIS_URL` set and Redis unreachable: a webhook would be answered 500).
 */
export function createOpsHandler(metrics: AppMetrics, lifecycle: Lifecycle, queueReady: () => Promise<boolean> = async () => true) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") return send(res, 200, "text/plain; charset=utf-8", "ok\n");
    if (path === "/readyz") {
      if (lifecycle.shuttingDown) return send(res, 503, "text/plain; charset=utf-8", "shutting down\n");
      if (!(await queueReady())) return send(res, 503, "text/plain; charset=utf-8", "queue unreachable (Redis)\n");
      return send(res, 200, "text/plain; charset=utf-8", "ready\n");
    }
    if (path === "/metrics") return send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
    return false;
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): true {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
  return true;
}

/**
 * The webhook port's only addition to Probot's routes: GET /healthz, a constant "ok" that tells a
 * load balancer in front of that port the server answers, and nothing about the deployment.
 */
export function createLivenessHandler() {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if ((req.url ?? "").split("?")[0] !== "/healthz") return false;
    return send(res, 200, "text/plain; charset=utf-8", "ok\n");
  };
}
