/** Runs the cases in one of three modes and says, per case, what was found or why nothing was. */
import pLimit from "p-limit";
import type { AgentDefinition } from "../src/review/agent.js";
import type { ReviewModel } from "../src/review/model.js";
import { caseFiles, caseHash } from "./case-files.js";
import { readCassette, writeCassette } from "./cassette.js";
import { createRecordingModel, createReplayModel } from "./cassette-models.js";
import type { EvalCase } from "./corpus-schema.js";
import type { LoadedCase } from "./load-corpus.js";
import { evalSettings, failureOf, findingsOf, reviewCase, type CaseRun } from "./run-case.js";

/** live: call the model; record: call it and store cassettes; replay: serve the cassettes. */
export type Mode = "live" | "record" | "replay";

export interface RunOptions {
  mode: Mode;
  agent: AgentDefinition;
  cassetteDir: string;
  /** live/record: the model id to call (default: the agent's). replay: use only cassettes made with it. */
  model?: string | undefined;
  /** The real model, for live and record. */
  liveModel?: ReviewModel | undefined;
  /** Cases reviewed at once in live and record modes. */
  concurrency?: number | undefined;
  /** The second-look lever. */
  verify?: boolean | undefined;
  onCase?: ((id: string, run: CaseRun) => void) | undefined;
}

export interface CaseResult {
  loaded: LoadedCase;
  run: CaseRun;
}

export async function runCases(cases: readonly LoadedCase[], options: RunOptions): Promise<CaseResult[]> {
  const limit = pLimit(options.mode === "replay" ? 1 : (options.concurrency ?? 4));
  return Promise.all(
    cases.map((loaded) =>
      limit(async () => {
        const run = options.mode === "replay" ? await replayCase(loaded.evalCase, options) : await liveCase(loaded.evalCase, options);
        options.onCase?.(loaded.evalCase.id, run);
        return { loaded, run };
      }),
    ),
  );
}

const notRun = (reason: string): CaseRun => ({ status: "not run", reason });

async function replayCase(evalCase: EvalCase, options: RunOptions): Promise<CaseRun> {
  const cassette = await readCassette(options.cassetteDir, evalCase.id);
  if (!cassette) return notRun("no cassette (make one with --record)");
  const files = caseFiles(evalCase);
  if (cassette.caseHash !== caseHash(files)) return notRun("cassette out of date: the case's diff changed since it was made");
  if (options.model !== undefined && options.model !== cassette.model) {
    return notRun(`cassette made with ${cassette.model}, not ${options.model}`);
  }
  const model = createReplayModel(cassette);
  const report = await reviewCase(evalCase.id, files, { model, agent: options.agent, settings: evalSettings(cassette.model, options.verify) });
  const failure = failureOf(report);
  if (failure !== undefined) return notRun(failure);
  return {
    status: "scored",
    findings: findingsOf(report),
    usage: report.usage,
    model: cassette.model,
    source: cassette.source,
    stale: model.isStale(),
  };
}

async function liveCase(evalCase: EvalCase, options: RunOptions): Promise<CaseRun> {
  if (!options.liveModel) throw new Error(`${options.mode} mode needs a model to call`);
  const modelId = options.model ?? options.agent.model;
  const recorder = createRecordingModel(options.liveModel);
  const files = caseFiles(evalCase);
  const report = await reviewCase(evalCase.id, files, { model: recorder, agent: options.agent, settings: evalSettings(modelId, options.verify) });
  const failure = failureOf(report);
  // A failed case keeps its old cassette: a partial answer recorded now would replay as a miss.
  if (failure !== undefined) return notRun(failure);
  if (options.mode === "record") {
    const date = new Date().toISOString();
    await writeCassette(options.cassetteDir, { caseId: evalCase.id, source: "recorded", model: modelId, date, caseHash: caseHash(files), calls: [...recorder.calls] });
  }
  return { status: "scored", findings: findingsOf(report), usage: report.usage, model: modelId, source: "live", stale: false };
}
