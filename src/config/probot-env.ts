/**
 * Webhook secrets copied from examples (Probot's `.env.example` and docs, tutorials): anyone can
 * guess them, and with a guessed secret anyone can forge webhooks and spend the model budget.
 * Compared trimmed and case-insensitively.
 */
const EXAMPLE_SECRETS = new Set([
  "development",
  "secret",
  "mysecret",
  "my-secret",
  "my_secret",
  "webhook-secret",
  "webhook_secret",
  "webhooksecret",
  "your-webhook-secret",
  "your_webhook_secret",
  "changeme",
  "change-me",
  "change_me",
  "test",
  "testing",
  "password",
  "example",
  "development-secret",
  "smee",
  "probot",
]);

/** Whether the deployment says it is production (`NODE_ENV=production`, as Probot reads it too). */
export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV?.trim() === "production";
}

/**
 * The standard Probot variables the App cannot run without. Probot itself would fall back to the
 * webhook secret "development", which would let anyone forge webhooks: refused here, and in
 * production so is any other secret copied from an example.
 */
export function checkProbotEnv(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (!env.APP_ID?.trim()) problems.push("APP_ID is not set: the GitHub App's id, from its settings page");
  if (!env.PRIVATE_KEY?.trim() && !env.PRIVATE_KEY_PATH?.trim()) {
    problems.push("PRIVATE_KEY (or PRIVATE_KEY_PATH) is not set: the App's private key, from its settings page");
  }
  const secret = env.WEBHOOK_SECRET?.trim() ?? "";
  if (secret === "") problems.push("WEBHOOK_SECRET is not set: without it webhooks cannot be verified");
  else if (isProduction(env) && EXAMPLE_SECRETS.has(secret.toLowerCase())) {
    // The value itself is never echoed: even a weak secret does not belong in a log.
    problems.push(
      "WEBHOOK_SECRET is a well-known example value, refused with NODE_ENV=production: anyone could forge webhooks. " +
        "Set the App's webhook secret to a random value (e.g. `openssl rand -hex 32`) in its settings page and here",
    );
  }
  return problems;
}

/** Nothing of the App's identity is set: Probot's set-up flow can register one (development only). */
export function needsAppSetup(env: NodeJS.ProcessEnv): boolean {
  return !env.APP_ID && !env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH && !isProduction(env);
}
