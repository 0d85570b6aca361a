/**
 * `npm run bench`: every case against the real App and core, on loopback only, each bounded in
 * time. Prints one table and writes bench/results.json. `node dist/bench/run.js 1 3` runs a subset
 * and only prints.
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { APP_AS_RUN } from "./app/app-child.js";
import { describeMachine } from "./lib/machine.js";
import { renderListings, renderTable, type CaseResult } from "./lib/results.js";
import { runDiffPipeline } from "./diff-pipeline/case.js";
import { runEndToEndAndCost } from "./end-to-end/case.js";
import { runMemory } from "./memory/case.js";
import { runWebhookAck } from "./webhook-ack/case.js";
import { runFullQueue } from "./webhook-ack/full-queue.js";
import { runManyInstallations } from "./webhook-ack/many-installations.js";

const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "results.json");
/** A last resort, should a case hang in a way its own bounds do not cover. */
const WHOLE_RUN_MS = 480_000;

const CASES: readonly { key: string; label: string; run: () => Promise<CaseResult[]> }[] = [
  { key: "1", label: "webhook acknowledgement", run: async () => [await runWebhookAck()] },
  { key: "1b", label: "webhook acknowledgement, full queue", run: async () => [await runFullQueue()] },
  { key: "1c", label: "webhook acknowledgement, many installations at once", run: async () => [await runManyInstallations()] },
  { key: "2", label: "diff pipeline", run: async () => [await runDiffPipeline()] },
  { key: "3", label: "end to end and cost (cases 3 and 4)", run: runEndToEndAndCost },
  { key: "5", label: "memory with 50 reviews in flight", run: async () => [await runMemory()] },
];

async function main(): Promise<number> {
  const wanted = new Set(process.argv.slice(2));
  const results: CaseResult[] = [];
  const started = Date.now();
  const machine = describeMachine();
  for (const c of CASES.filter((c) => wanted.size === 0 || wanted.has(c.key))) {
    const caseStart = Date.now();
    console.error(`bench: case ${c.key}, ${c.label}…`);
    results.push(...(await c.run()));
    console.error(`bench: case ${c.key} took ${((Date.now() - caseStart) / 1000).toFixed(1)} s`);
  }
  console.log(`backend-review bench: ${machine.cpuModel}, ${machine.cores} cores, ${Math.round(machine.memoryBytes / 2 ** 30)} GiB, Node ${machine.node}, load average ${machine.loadAverageAtStart} at start`);
  console.log(`The App: ${APP_AS_RUN.entry}, pacing ${APP_AS_RUN.pacing}`);
  console.log("");
  console.log(renderTable(results));
  const listings = renderListings(results);
  if (listings !== "") console.log(`\n${listings}`);
  const output = { machine: { ...machine, loadAverageAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 }, app: APP_AS_RUN, totalSeconds: (Date.now() - started) / 1000, cases: results };
  // A partial run must not replace the figures of a complete one.
  if (wanted.size > 0) {
    console.log(`\nResults not written: only case(s) ${[...wanted].join(", ")} ran.`);
    return 0;
  }
  await writeFile(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return 0;
}

const watchdog = setTimeout(() => {
  console.error(`bench failed: it did not finish within ${WHOLE_RUN_MS / 1000} s`);
  process.exit(1);
}, WHOLE_RUN_MS);
watchdog.unref();
process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
