/**
 * Small pieces shared by the local stand-ins (dev only, never shipped): a loopback HTTP server,
 * JSON bodies, and a request log that tests and the demo can wait on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Loopback only: the stand-ins hand out fake tokens and must never be reachable from elsewhere. */
export const LOOPBACK = "127.0.0.1";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface LocalServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an OS-chosen port; a handler that throws answers 500 instead of hanging. */
export async function listenLocal(handler: RequestHandler): Promise<LocalServer> {
  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `stand-in error: ${String(error)}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: LOOPBACK }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from Octokit's or the SDK's agents would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A port nothing listens on right now, for servers (Probot's) that treat port 0 as "use 3000". */
export async function findFreePort(): Promise<number> {
  const probe = await listenLocal(async (_req, res) => void res.end());
  await probe.close();
  return probe.port;
}

export interface Body {
  raw: string;
  /** The parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
}

export async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.trim() === "") return { raw, json: undefined };
  try {
    return { raw, json: JSON.parse(raw) as unknown };
  } catch {
    return { raw, json: undefined };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * An append-only log with waiters. `waitFor` looks at what is already there first, so a caller
 * never misses an entry that arrived before it started waiting.
 */
export class RecordLog<T> {
  readonly entries: T[] = [];
  #waiters = new Set<{ predicate: (entry: T) => boolean; resolve: (entry: T) => void }>();

  add(entry: T): void {
    this.entries.push(entry);
    for (const waiter of this.#waiters) {
      if (waiter.predicate(entry)) {
        this.#waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }

  /** The first entry at index `fromIndex` or later that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (entry: T) => boolean, timeoutMs: number, fromIndex = 0): Promise<T> {
    const seen = this.entries.slice(fromIndex).find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (entry: T) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms; ${this.entries.length} entries recorded, none matched`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}
