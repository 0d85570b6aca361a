import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";

/**
 * Where a secret could end up in a log line: request and response headers (GitHub tokens, the
 * App's JWT, Anthropic's key), and any object carrying a key or token field. Replaced, not removed,
 * so a reader sees that something was there.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  "headers.authorization",
  'headers["x-api-key"]',
  "request.headers.authorization",
  'request.headers["x-api-key"]',
  "err.request.headers.authorization",
  'err.request.headers["x-api-key"]',
  "err.headers.authorization",
  "*.privateKey",
  "*.apiKey",
  "*.token",
  "*.password",
  "privateKey",
  "apiKey",
  "token",
];

/**
 * Probot's logger as Probot builds it (pretty or JSON by LOG_FORMAT, Sentry when SENTRY_DSN is set),
 * plus redaction of secrets. Handed to Probot's `run()`, so every log line goes through it.
 */
export async function createLogger(env: NodeJS.ProcessEnv): Promise<Logger> {
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT === "json" ? "json" : env.LOG_FORMAT === "pretty" ? "pretty" : undefined,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  // pino's SonicBoom is a writable stream; its type lacks one field Node's declaration requires.
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    transform,
  );
}
