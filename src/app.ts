import type { ApplicationFunction, Probot } from "probot";
import type { AppDeps } from "./app-deps.js";
import { registerCheckRunRerun } from "./github/handlers/check-run-rerequested.js";
import { registerCommentCommands } from "./github/handlers/comment-commands.js";
import { registerInstallationEvents } from "./github/handlers/installation.js";
import { registerPullRequestHandler } from "./github/handlers/pull-request.js";

/** The Probot application: wiring only. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    registerPullRequestHandler(app, deps);
    registerCommentCommands(app, deps, appSlugOnce(app, deps.appSlug));
    registerCheckRunRerun(app, deps);
    registerInstallationEvents(app);
  };
}

/** The App's own slug (for `@slug review`), asked of GitHub once and kept. */
function appSlugOnce(app: Probot, known: string | undefined): () => Promise<string> {
  let slug: Promise<string> | undefined = known !== undefined ? Promise.resolve(known) : undefined;
  return () => {
    slug ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => data?.slug ?? "backend-review")
      .catch((error: unknown) => {
        slug = undefined; // try again on the next mention rather than never answering one
        app.log.warn({ err: error }, "could not look up the App's slug");
        return "backend-review";
      });
    return slug;
  };
}
