/**
 * Runs in its own process (`node --expose-gc dist/bench/diff-pipeline/child.js <mode>`) so a
 * memory peak belongs to one stage alone and timings share no heap with the rest of the bench.
 *   speed            every stage on both corpora, alternating, median of several rounds
 *   memory <stage>   one pass of one stage on the 3,000-file PR: peak RSS and retained heap
 * Prints one JSON object on stdout.
 */
import { performance } from "node:perf_hooks";
import { realWorldCorpus } from "../corpus/real-world-patches.js";
import { syntheticPullRequest } from "../corpus/synthetic-pr.js";
import { trackOwnPeak } from "../lib/proc.js";
import { median } from "../lib/stats.js";
import { prepareWorkload, STAGES, type Workload } from "./workload.js";

const SYNTHETIC_FILES = 3_000;
const REAL_WORLD_COPIES = 150;
const SEED = 20_240_611;
const WARMUP_ROUNDS = 1;
const ROUNDS = 3;
const SPEED_ORDER = ["parse", "parseDiff", "select", "chunk", "anchor", "core"];

const noop = () => {};

async function timeStage(key: string, w: Workload): Promise<number> {
  const stage = STAGES[key];
  if (!stage) throw new Error(`unknown stage ${key}`);
  const start = performance.now();
  await stage.run(w, noop);
  return performance.now() - start;
}

async function speed(): Promise<unknown> {
  const corpora = { synthetic: syntheticPullRequest(SYNTHETIC_FILES, SEED), realWorld: realWorldCorpus(REAL_WORLD_COPIES) };
  const out: Record<string, unknown> = {};
  for (const [name, files] of Object.entries(corpora)) {
    const w = await prepareWorkload(files);
    const times = new Map<string, number[]>(SPEED_ORDER.map((key) => [key, []]));
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      // The two parsers swap places every round, so neither always runs on a freshly collected heap.
      const order = round % 2 === 0 ? SPEED_ORDER : ["parseDiff", "parse", ...SPEED_ORDER.slice(2)];
      for (const key of order) {
        const ms = await timeStage(key, w);
        if (round >= WARMUP_ROUNDS) times.get(key)?.push(ms);
      }
    }
    const stages = Object.fromEntries(SPEED_ORDER.map((key) => [key, { medianMs: median(times.get(key) ?? []), files: STAGES[key]?.files(w) ?? 0 }]));
    out[name] = { files: files.length, withPatch: w.patches.length, selected: w.reviewables.length, chunks: w.chunks.length, stages };
  }
  return out;
}

async function memory(key: string): Promise<unknown> {
  const stage = STAGES[key];
  if (!stage) throw new Error(`unknown stage ${key}`);
  const w = await prepareWorkload(syntheticPullRequest(SYNTHETIC_FILES, SEED));
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const tracker = trackOwnPeak();
  const result = await stage.run(w, () => tracker.sample());
  const peak = tracker.finish();
  globalThis.gc?.();
  // `result` is still referenced here, so this is what the stage's output keeps alive.
  const retainedHeap = process.memoryUsage().heapUsed - heapBefore;
  return { stage: key, files: stage.files(w), ...peak, retainedHeap, kept: result !== undefined };
}

const [mode, stage] = process.argv.slice(2);
const output = mode === "speed" ? await speed() : await memory(stage ?? "");
process.stdout.write(`${JSON.stringify(output)}\n`);
