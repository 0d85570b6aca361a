import { mayRun, describePolicy } from "../commands/command-policy.js";
import { buildExplainPrompt, buildExplainSystemPrompt } from "../commands/build-explain-prompt.js";
import type { Command } from "../commands/parse-command.js";
import type { RateLimiter } from "../commands/rate-limiter.js";
import { renderHelp } from "../commands/render-help.js";
import { renderConfigProblems } from "../config/render-config-problems.js";
import type { RepoConfig } from "../config/repo-config-schema.js";
import { code, shortSha } from "../review/markdown.js";
import { dismissedMarker, parseMarker } from "../review/markers.js";
import { ModelCallError } from "../review/model.js";
import { sanitizeText } from "../review/sanitize-text.js";
import type { CommandPort, Reaction } from "./command-port.js";
import { describeGitHubError } from "./describe-github-error.js";
import type { PullRef } from "./github-port.js";
import { runPullRequestJob, type PullRequestJobDeps } from "./run-pull-request-job.js";

export interface CommandEvent {
  pr: PullRef;
  installationId: number;
  commenter: string;
  /** The comment holding the command; `inReplyTo` is the thread's first comment for replies. */
  source: { kind: "issue-comment" | "review-comment"; id: number; inReplyTo?: number | undefined };
  command: Command;
}

export interface CommandDeps extends PullRequestJobDeps {
  commands: CommandPort;
  limiter: RateLimiter;
  appSlug: string;
}

type Reply = (body: string) => Promise<void>;

/** One command from a PR comment: configuration, acknowledgement, permission, cost cap, action. */
export async function runCommand(event: CommandEvent, deps: CommandDeps): Promise<void> {
  const { github, commands, log } = deps;
  const react = (content: Reaction) => commands.react(event.pr, event.source, content);
  const reply: Reply = (body) =>
    event.source.kind === "review-comment"
      ? commands.replyInThread(event.pr, event.source.inReplyTo ?? event.source.id, body)
      : commands.replyInConversation(event.pr, body);
  try {
    const loaded = await github.loadConfig(event.pr);
    if (loaded.ok && (!loaded.config.enabled || !loaded.config.commands.enabled)) return;
    await react("eyes");
    if (!loaded.ok) {
      await reply(`**backend-review:** ${renderConfigProblems(loaded.problems)}`);
      return await react("confused");
    }
    const done = await dispatch(event, deps, loaded.config, reply);
    await react(done ? "rocket" : "confused");
  } catch (error) {
    const reason = error instanceof ModelCallError ? error.reason : describeGitHubError(error, "running the command");
    log.error({ err: error }, `command failed: ${reason}`);
    await Promise.allSettled([react("confused"), reply(`**backend-review:** the command could not be completed: ${reason}.`)]);
  }
}

async function dispatch(event: CommandEvent, deps: CommandDeps, config: RepoConfig, reply: Reply): Promise<boolean> {
  const { command } = event;
  if (command.name === "help") return reply(renderHelp(config, deps.appSlug)).then(() => true);
  if (command.name === "unknown") {
    await reply(`Unknown command \`/review ${command.word.replace(/`/g, "")}\`.\n\n${renderHelp(config, deps.appSlug)}`);
    return false;
  }
  const state = await deps.commands.getPullRequest(event.pr);
  const who = { login: event.commenter, permission: await deps.commands.getPermission(event.pr, event.commenter), isAuthor: state.facts.author === event.commenter };
  const kind = command.name === "ignore" ? "dismiss" : "paid";
  if (!mayRun(kind, config.commands.allowed, who)) {
    const text =
      kind === "dismiss"
        ? "Sorry, only people with write access can dismiss findings."
        : `Sorry, in this repository only ${describePolicy(config.commands.allowed)} can run \`${commandText(command)}\`: it calls a paid model.`;
    await reply(text);
    return false;
  }
  if (kind === "paid") {
    const slot = await deps.limiter.take(`${event.pr.owner}/${event.pr.repo}#${event.pr.pullNumber}`, config.commands.max_per_hour);
    if (!slot.ok) {
      await reply(`The limit of ${config.commands.max_per_hour} command-triggered reviews an hour on this pull request is reached; it can run again after ${slot.retryAt.toISOString().slice(11, 16)} UTC.`);
      return false;
    }
  }
  if (command.name === "review") {
    if (!state.open) return reply("This pull request is closed; there is nothing to review.").then(() => false);
    const outcome = await runPullRequestJob(
      { ref: { ...event.pr, headSha: state.headSha }, installationId: event.installationId, facts: { ...state.facts, trigger: "command" }, full: command.full, config },
      deps,
    );
    if (outcome.status === "reviewed") return outcome.report !== undefined && outcome.report.failures.length === 0;
    if (outcome.status === "over-budget") await reply("Not reviewed: the token budget for today is spent.");
    if (outcome.status === "up-to-date") {
      await reply(`Nothing changed since the last review at ${code(shortSha(outcome.sha))}. Comment \`/review full\` to review the whole pull request again.`);
      return true;
    }
    return false;
  }
  return onFinding(event, deps, command, reply);
}

function commandText(command: Command): string {
  if (command.name === "review") return command.full ? "/review full" : "/review";
  return `/review ${command.name}`;
}

/** `explain` and `ignore` work in reply to one of the bot's inline comments. */
async function onFinding(event: CommandEvent, deps: CommandDeps, command: Extract<Command, { name: "explain" | "ignore" }>, reply: Reply): Promise<boolean> {
  const parentId = event.source.kind === "review-comment" ? event.source.inReplyTo : undefined;
  const parent = parentId !== undefined ? await deps.commands.getReviewComment(event.pr, parentId) : undefined;
  const marker = parent?.byBot ? parseMarker(parent.body) : undefined;
  if (!parent || marker?.kind !== "finding" || !marker.fields.fp) {
    await reply(`\`/review ${command.name}\` works as a reply to one of my inline comments about a finding.`);
    return false;
  }
  if (command.name === "ignore") {
    const reason = command.reason ? `: ${sanitizeText(command.reason, 500)}` : "";
    await reply(`Dismissed by ${event.commenter}${reason}. This finding will not be raised again on this pull request.\n\n${dismissedMarker(marker.fields.fp)}`);
    const thread = (await deps.github.listFindingThreads(event.pr)).find((t) => t.commentId === parent.id);
    if (thread && !thread.isResolved) await deps.github.resolveThread(thread.threadId);
    return true;
  }
  if (await deps.budget.isSpent(event.installationId)) return reply("Not answered: the token budget for today is spent.").then(() => false);
  const answer = await deps.model.explain({
    model: deps.settings.model,
    system: buildExplainSystemPrompt(deps.agent),
    prompt: buildExplainPrompt({ path: parent.path, findingBody: parent.body, diffHunk: parent.diffHunk, question: command.question, asker: event.commenter }),
    maxOutputTokens: 1200,
  });
  await deps.budget.record(event.installationId, answer.usage);
  await reply(sanitizeText(answer.text, 6000));
  return true;
}
