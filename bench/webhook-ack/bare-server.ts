/**
 * The baseline for webhook acknowledgement: a bare node:http server in its own process that reads
 * the body and answers 200, nothing else. Prints its port; ends itself after a minute at most.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const LIFETIME_MS = 60_000;

const server = createServer((req, res) => {
  req.resume();
  req.once("end", () => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  });
});
server.listen({ port: 0, host: "127.0.0.1" }, () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once("SIGTERM", stop);
setTimeout(stop, LIFETIME_MS).unref();
