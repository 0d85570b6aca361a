import { Command, CommanderError, Option } from "commander";
import { SEVERITIES } from "../review/finding.js";
import { CliError, EXIT, messageOf } from "./cli-error.js";
import { runDiffCommand, type DiffOptions } from "./diff-command.js";
import { DIFF_HELP, ENVIRONMENT_HELP, PR_HELP } from "./help-text.js";
import type { CliIo } from "./io.js";
import { packageVersion } from "./package-version.js";
import { runPrCommand, type PrOptions } from "./pr-command.js";
import { OUTPUT_FORMATS } from "./render-report.js";

/** The whole CLI as a function: arguments and process surroundings in, exit code out. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (result) => (code = result));
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    code = reportError(error, io);
  }
  io.exit(code);
  return code;
}

function reportError(error: unknown, io: CliIo): number {
  // Commander has already printed its message (or the help it was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof CliError) {
    io.stderr.write(`backend-review: ${error.message}\n`);
    return error.code;
  }
  const detail = error instanceof Error && error.stack ? error.stack : messageOf(error);
  io.stderr.write(`backend-review: unexpected error: ${detail}\n`);
  return EXIT.usage;
}

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command("backend-review")
    .description("Reviews the server-side changes of a pull request or a local git diff with Claude.")
    .version(packageVersion())
    // Settings that subcommands inherit: they must be in place before .command() is called.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("after", ENVIRONMENT_HELP);

  const pr = program
    .command("pr")
    .description("review a pull request on GitHub")
    .argument("<pull-request>", "owner/repo#number, or the pull request's URL")
    .addOption(new Option("--post", "publish the review on the pull request, as the App does").conflicts("dryRun"))
    .addHelpText("after", PR_HELP)
    .action(async (target: string, options: PrOptions) => setCode(await runPrCommand(target, options, io)));
  addCommonOptions(pr);

  const diff = program
    .command("diff")
    .description("review local changes: a git range, the working tree, or a patch")
    .argument("[range]", "base revision or range (default: where HEAD forked from the default branch)")
    .option("--worktree", "include uncommitted changes to tracked files")
    .option("--patch <file>", "review a unified diff from a file, or from stdin with -")
    .addHelpText("after", DIFF_HELP)
    .action(async (range: string | undefined, options: DiffOptions) => setCode(await runDiffCommand(range, options, io)));
  addCommonOptions(diff);
  return program;
}

function addCommonOptions(command: Command): void {
  command
    .addOption(new Option("--format <format>", "output format (default: pretty on a terminal, json otherwise)").choices(OUTPUT_FORMATS))
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity is found (default: the config's fail_on)").choices([
        ...SEVERITIES,
        "never",
      ]),
    )
    .option("--model <model>", "model alias (sonnet, opus, haiku) or full model id")
    .option("--config <file>", "configuration file to use instead of .github/backend-review.yml")
    .option("--dry-run", "no model call: print the files, parts, estimated tokens and cost");
}
