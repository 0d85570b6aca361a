import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "./app-deps.js";
import type { Role } from "./config/env.js";
import { registerCheckRunRerun } from "./github/handlers/check-run-rerequested.js";
import { registerCommentCommands, type AppSlug } from "./github/handlers/comment-commands.js";
import { registerInstallationEvents } from "./github/handlers/installation.js";
import { registerPullRequestHandler } from "./github/handlers/pull-request.js";
import { createJobRunner } from "./jobs/job-runner.js";
import { sendNotice } from "./jobs/send-notice.js";
import { measuredModel } from "./metrics/measured-model.js";
import { createLivenessHandler } from "./server/ops-handler.js";

/**
 * The Probot application: wiring only. Handlers queue job descriptions; the runner does them with
 * an installation client of its own, whichever replica takes them. A `worker` process registers
 * no handler (it gets no webhooks); a `web` one starts the queues only to put jobs and notices in
 * (startup gave its workers no slots, so it takes none and never asks for an installation token).
 */
export function createApp(appDeps: AppDeps, { role = "all" }: { role?: Role } = {}): ApplicationFunction {
  return (app, options) => {
    const deps = { ...appDeps, model: measuredModel(appDeps.model, appDeps.metrics) };
    if (role !== "worker") {
      app.onAny(async (context) => deps.metrics.webhook(context.name));
      registerPullRequestHandler(app, deps);
      registerCommentCommands(app, deps, appSlugOnce(app, deps.appSlug));
      registerCheckRunRerun(app, deps);
      registerInstallationEvents(app);
    }
    deps.queue.start(
      createJobRunner(deps, (installationId) => app.auth(installationId)),
      app.log,
    );
    // With Redis, notices wait there; a replica that runs jobs sends them (startup gave `web` no sender slots).
    deps.noticeQueue?.start(async (notice) => sendNotice(notice, await app.auth(notice.installationId), deps.metrics), app.log);
    if (role === "worker") return;
    try {
      // Readiness and metrics live on the operations port (main.ts); the webhook port keeps only
      // a constant liveness answer for a load balancer in front of it.
      options?.addHandler?.(createLivenessHandler());
    } catch {
      // probot.load() without a server (as in tests) has nowhere to serve it: nothing to add.
    }
  };
}

/** The App's own slug (for `@slug review`), asked of GitHub once and kept. */
function appSlugOnce(app: Probot, given: string | undefined): AppSlug {
  let known = given;
  let asking: Promise<string> | undefined;
  return {
    known: () => known,
    resolve() {
      if (known !== undefined) return Promise.resolve(known);
      asking ??= app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => (known = data?.slug ?? "backend-review"))
        .catch((error: unknown) => {
          asking = undefined; // try again on the next mention rather than never answering one
          app.log.warn({ err: error }, "could not look up the App's slug");
          return "backend-review";
        });
      return asking;
    },
  };
}
