import type { ApplicationFunction } from "probot";
import type { AppDeps } from "./app-deps.js";
import { registerPullRequestHandler } from "./github/handlers/pull-request.js";

/** The Probot application: wiring only. */
export function createApp(deps: AppDeps): ApplicationFunction {
  return (app) => {
    registerPullRequestHandler(app, deps);
  };
}
