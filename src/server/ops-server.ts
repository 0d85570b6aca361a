import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface OpsServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The operations port (METRICS_PORT): its own HTTP server, so health, readiness and metrics are
 * never reachable through the port GitHub's webhooks come in on. It binds to the same host as the
 * webhook server (HOST; Probot's default is localhost, the image sets 0.0.0.0): keep the port off
 * the public load balancer. Anything else is 404.
 */
export async function startOpsServer(handler: OpsHandler, port: number, host: string): Promise<OpsServer> {
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) notFound(res);
      },
      (error: unknown) => {
        if (res.headersSent) return res.destroy();
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end(`${error instanceof Error ? error.message : "internal error"}\n`);
      },
    );
  });
  // Probes and scrapes are short: idle keep-alive sockets must not hold shutdown up.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("not found: the operations port serves GET /healthz, /readyz and /metrics\n");
}
