import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { REDACTED_PATHS } from "../../src/server/create-logger.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { log: pino({ redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, stream), lines };
}

describe("log redaction", () => {
  it("never writes tokens, keys or authorization headers", () => {
    const { log, lines } = capture();
    const secret = ["ghs", "0123456789abcdefghij"].join("_");
    log.info({ req: { headers: { authorization: `token ${secret}`, "x-api-key": "sk-ant-abc" } } }, "webhook");
    log.error({ err: { request: { headers: { authorization: `bearer ${secret}` } } } }, "request failed");
    log.info({ options: { privateKey: "-----BEGIN RSA PRIVATE KEY-----", apiKey: "sk-ant-abc" }, token: secret }, "start");
    const text = lines.join("");
    expect(text).not.toContain(secret);
    expect(text).not.toContain("sk-ant-abc");
    expect(text).not.toContain("BEGIN RSA");
    expect(text.match(/\[redacted\]/g)).toHaveLength(6);
  });
});
