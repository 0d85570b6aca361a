import type { JobScheduler } from "./jobs/job-scheduler.js";
import type { AgentDefinition } from "./review/agent.js";
import type { ReviewModel } from "./review/model.js";
import type { ReviewSettings } from "./review/review-settings.js";

/** What the App needs from outside; main.ts builds the real ones, tests build stand-ins. */
export interface AppDeps {
  model: ReviewModel;
  agent: AgentDefinition;
  settings: ReviewSettings;
  scheduler: JobScheduler;
}
