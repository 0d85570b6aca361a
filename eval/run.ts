/**
 * `npm run eval -- …`: measures how well the reviewer finds the defects planted in eval/corpus.
 * See eval/README.md for the corpus format, the modes and what the numbers mean.
 */
import { writeFile } from "node:fs/promises";
import { CliError } from "../src/cli/cli-error.js";
import { AgentFileError } from "../src/review/agent.js";
import { CassetteError } from "./cassette.js";
import { parseEvalArgs, USAGE, UsageError, type EvalArgs } from "./cli-args.js";
import { CorpusError } from "./load-corpus.js";
import { handWrittenBanner, renderTable } from "./render-table.js";
import { runEvaluation } from "./run-eval.js";

async function main(argv: readonly string[]): Promise<number> {
  let args: EvalArgs;
  try {
    args = parseEvalArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`eval: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const summary = await runEvaluation(args, process.env, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(renderTable(summary));
    if (args.json !== undefined) {
      await writeFile(args.json, `${JSON.stringify(summary, null, 2)}\n`, "utf8");
      process.stderr.write(`eval: wrote ${args.json}\n`);
    }
    // Repeated last: a long table scrolls the first banner away.
    const banner = handWrittenBanner(summary);
    if (banner.length > 0) process.stdout.write(`\n${banner.join("\n")}\n`);
    return 0;
  } catch (error) {
    const known = [UsageError, CorpusError, CassetteError, AgentFileError, CliError].some((type) => error instanceof type);
    if (!known) throw error;
    process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

// `npm run eval | head` closes stdout early: the reader has seen enough, which is not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
