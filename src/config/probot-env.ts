/**
 * The standard Probot variables the App cannot run without. Probot itself would fall back to the
 * webhook secret "development", which would let anyone forge webhooks: refused here.
 */
export function checkProbotEnv(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (!env.APP_ID?.trim()) problems.push("APP_ID is not set: the GitHub App's id, from its settings page");
  if (!env.PRIVATE_KEY?.trim() && !env.PRIVATE_KEY_PATH?.trim()) {
    problems.push("PRIVATE_KEY (or PRIVATE_KEY_PATH) is not set: the App's private key, from its settings page");
  }
  if (!env.WEBHOOK_SECRET?.trim()) problems.push("WEBHOOK_SECRET is not set: without it webhooks cannot be verified");
  return problems;
}

/** Nothing of the App's identity is set: Probot's set-up flow can register one (development only). */
export function needsAppSetup(env: NodeJS.ProcessEnv): boolean {
  return !env.APP_ID && !env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH && env.NODE_ENV !== "production";
}
