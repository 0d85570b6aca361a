import type { RepoConfig } from "../config/repo-config-schema.js";
import { describePolicy } from "./command-policy.js";

/** The reply to `/review help` (and to an unknown subcommand). */
export function renderHelp(config: RepoConfig, appSlug: string): string {
  const who = describePolicy(config.commands.allowed);
  return [
    "**backend-review commands** (at the start of a comment line; `@" + appSlug + " review …` works too)",
    "",
    "| Command | What it does | Who |",
    "| --- | --- | --- |",
    `| \`/review\` | Review the pull request again at its latest commit | ${who} |`,
    `| \`/review full\` | The same, always the whole pull request | ${who} |`,
    `| \`/review explain [question]\` | In reply to one of my inline comments: explain that finding | ${who} |`,
    "| `/review ignore [reason]` | In reply to one of my inline comments: dismiss that finding for good | people with write access |",
    "| `/review help` | This list | anyone |",
    "",
    `Reviews started by commands are limited to ${config.commands.max_per_hour} an hour per pull request.`,
  ].join("\n");
}
