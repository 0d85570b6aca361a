/**
 * Case 2: the diff pipeline on a synthetic 3,000-file PR and on real-world-looking patches, with
 * parse-diff parsing the same patches in the same process as the peer baseline. Each run is a
 * child process: one for all timings, one per stage for memory, so each peak is that stage's own.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { figure, type CaseResult, type Figure } from "../lib/results.js";
import { MB } from "../lib/stats.js";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.js");
const CHILD_TIMEOUT_MS = 60_000;

interface StageTiming {
  medianMs: number;
  files: number;
}
interface CorpusTiming {
  files: number;
  withPatch: number;
  selected: number;
  chunks: number;
  stages: Record<string, StageTiming>;
}
interface MemoryRun {
  stage: string;
  files: number;
  peakRssDelta: number;
  method: string;
  retainedHeap: number;
}

async function child<T>(...args: string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", CHILD, ...args], { timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * MB });
  return JSON.parse(stdout) as T;
}

const filesPerSecond = (t: StageTiming | undefined) => (t && t.medianMs > 0 ? (t.files / t.medianMs) * 1000 : Number.NaN);
const PIPELINE = ["parse", "select", "chunk", "anchor"];

function speedFigures(label: string, corpus: CorpusTiming): Figure[] {
  const peer = { label: "parse-diff parse", value: filesPerSecond(corpus.stages.parseDiff) };
  // The PR's files over the four stages' times added up: each stage ran on its own prepared input.
  const pipelineMs = PIPELINE.reduce((total, key) => total + (corpus.stages[key]?.medianMs ?? Number.NaN), 0);
  return [
    figure(`parse, ${label}`, filesPerSecond(corpus.stages.parse), "files/s", { baseline: { ...peer, label: "parse-diff" } }),
    figure(`parse+select+chunk+anchor, ${label}`, filesPerSecond({ files: corpus.files, medianMs: pipelineMs }), "files/s", { baseline: peer }),
    figure(`whole core (reviewChanges), ${label}`, filesPerSecond(corpus.stages.core), "files/s", { baseline: peer }),
  ];
}

export async function runDiffPipeline(): Promise<CaseResult> {
  const speed = await child<{ synthetic: CorpusTiming; realWorld: CorpusTiming }>("speed");
  const memory: Record<string, MemoryRun> = {};
  for (const stage of ["parse", "parseDiff", "core"]) memory[stage] = await child<MemoryRun>("memory", stage);
  const peak = (stage: string) => (memory[stage]?.peakRssDelta ?? Number.NaN) / MB;
  return {
    id: "diff-pipeline",
    title: `2. Diff pipeline (${speed.synthetic.files.toLocaleString("en-US")}-file PR)`,
    figures: [
      ...speedFigures("synthetic PR", speed.synthetic),
      ...speedFigures("real-world patches", speed.realWorld),
      figure("peak RSS growth, parse (synthetic)", peak("parse"), "MB", { baseline: { label: "parse-diff", value: peak("parseDiff") } }),
      figure("peak RSS growth, whole core (synthetic)", peak("core"), "MB", { baseline: { label: "parse-diff parse", value: peak("parseDiff") } }),
    ],
    details: {
      note: "files/s = files handled / median stage time; 'whole core' is reviewChanges with an instant model; the review token budget is lifted so every file is chunked",
      synthetic: speed.synthetic,
      realWorld: speed.realWorld,
      memory,
    },
  };
}
