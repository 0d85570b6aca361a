/** One evaluation from parsed arguments to the summary: what `npm run eval` does minus printing. */
import picomatch from "picomatch";
import { readSettingsEnv } from "../src/cli/cli-env.js";
import { createAnthropicModel } from "../src/model/anthropic-model.js";
import { DEFAULT_AGENT_PATH, listChecks, loadAgentFile, resolveModel } from "../src/review/agent.js";
import { chooseMode, UsageError, type EvalArgs } from "./cli-args.js";
import { runCases, type Mode } from "./evaluate.js";
import { loadCorpus, type LoadedCase } from "./load-corpus.js";
import { DEFAULT_CASSETTE_DIR, DEFAULT_CORPUS_DIR } from "./paths.js";
import type { CaseRun } from "./run-case.js";
import { summarize, type EvalSummary } from "./summary.js";

type Env = Readonly<Record<string, string | undefined>>;

export function selectCases(cases: readonly LoadedCase[], globs: readonly string[]): LoadedCase[] {
  if (globs.length === 0) return [...cases];
  const matches = picomatch([...globs]);
  const selected = cases.filter(({ evalCase }) => matches(evalCase.id));
  if (selected.length === 0) throw new UsageError(`--cases ${globs.join(",")} matches no case id`);
  return selected;
}

export async function runEvaluation(args: EvalArgs, env: Env, progress: (line: string) => void = () => {}): Promise<EvalSummary> {
  const agent = await loadAgentFile(args.agent ?? DEFAULT_AGENT_PATH);
  const corpus = await loadCorpus(args.corpus ?? DEFAULT_CORPUS_DIR, listChecks(agent.prompt));
  const cases = selectCases(corpus, args.cases);
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  const mode = chooseMode(args, Boolean(apiKey));
  const baseUrl = env.ANTHROPIC_BASE_URL?.trim();
  if (mode !== "replay" && baseUrl) progress(`note: model calls go to ${baseUrl} (ANTHROPIC_BASE_URL); scores measure whatever answers there`);
  let done = 0;
  const results = await runCases(cases, {
    mode,
    agent,
    cassetteDir: args.cassettes ?? DEFAULT_CASSETTE_DIR,
    model: args.model === undefined ? undefined : resolveModel(args.model),
    liveModel: mode === "replay" || !apiKey ? undefined : liveModel(apiKey, env),
    concurrency: args.concurrency,
    verify: args.verify,
    onCase: (id, run) => {
      done += 1;
      if (mode !== "replay") progress(`[${done}/${cases.length}] ${id}: ${describeRun(run, mode)}`);
    },
  });
  return summarize(results, mode, args.minConfidence);
}

/** The App's own retry and timeout settings, so a slow model behaves here as in production. */
function liveModel(apiKey: string, env: Env) {
  const settings = readSettingsEnv(env);
  return createAnthropicModel({
    apiKey,
    baseURL: settings.ANTHROPIC_BASE_URL,
    maxRetries: settings.BACKEND_REVIEW_MODEL_RETRIES,
    timeoutMs: settings.BACKEND_REVIEW_MODEL_TIMEOUT_MS,
  });
}

function describeRun(run: CaseRun, mode: Mode): string {
  if (run.status === "not run") return `not run: ${run.reason}`;
  const stored = mode === "record" ? ", cassette written" : "";
  return `${run.findings.length} finding(s)${stored}`;
}
