/**
 * A loopback pass-through in front of the Anthropic stand-in that notes when each model call
 * arrived and when its answer was sent back. The stand-in counts calls but keeps no times, and the
 * review phase is measured here, where the App's requests are seen, not inside the App.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { LOOPBACK, listenLocal } from "../../dev/stand-ins/http-kit.js";

export interface TimedCall {
  /** Epoch milliseconds with sub-millisecond precision, comparable with `Date.now()`. */
  start: number;
  end: number;
  status: number;
}

export interface TimingProxy {
  baseUrl: string;
  calls: TimedCall[];
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export async function startTimingProxy(targetPort: number): Promise<TimingProxy> {
  const calls: TimedCall[] = [];
  const agent = new Agent({ keepAlive: true });
  const server = await listenLocal(
    (req, res) =>
      new Promise<void>((resolve, reject) => {
        const start = now();
        const upstream = request({ host: LOOPBACK, port: targetPort, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          res.once("finish", () => {
            calls.push({ start, end: now(), status: answer.statusCode ?? 502 });
            resolve();
          });
        });
        upstream.once("error", reject);
        req.pipe(upstream);
      }),
  );
  return {
    baseUrl: `http://${LOOPBACK}:${server.port}`,
    calls,
    async close() {
      await server.close();
      agent.destroy();
    },
  };
}
