import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_PATH, DEFAULT_REPO_CONFIG } from "../config/repo-config-schema.js";
import { CliError, messageOf } from "./cli-error.js";
import { readSettingsEnv } from "./cli-env.js";
import { readGitDiff, type DiffSource } from "./git-diff-source.js";
import { gitIn, repoRoot } from "./git.js";
import { workingTreeFilesReader } from "./head-files-source.js";
import type { CliIo } from "./io.js";
import { readLocalConfig, type LocalConfig } from "./local-config.js";
import { prepareSetup, type RepoFileReader } from "./review-setup.js";
import { checkCommon, disabledByConfig, runReview, type CommonOptions } from "./run-review.js";
import { splitUnifiedDiff } from "./split-unified-diff.js";

export interface DiffOptions extends CommonOptions {
  patch?: string | undefined;
  worktree?: boolean | undefined;
}

export async function runDiffCommand(range: string | undefined, options: DiffOptions, io: CliIo): Promise<number> {
  if (options.patch !== undefined && (range !== undefined || options.worktree)) {
    throw new CliError("--patch reads the changes from a file or stdin: it cannot be combined with a range or --worktree");
  }
  const env = readSettingsEnv(io.env);
  checkCommon(options, io);
  const source =
    options.patch !== undefined ? await readPatch(options.patch, io) : await readGitDiff(io.cwd, io.env, range, options.worktree === true);
  const files = splitUnifiedDiff(source.text);
  const { config, notes } = await loadConfig(options, source.root, io);
  for (const note of notes) io.stderr.write(`backend-review: ${note}\n`);
  if (!config.enabled) return disabledByConfig(io, options.config ?? CONFIG_PATH).code;
  const setup = await prepareSetup(env, config, options, source.root === undefined ? undefined : workingTreeReader(source.root));
  return (await runReview({ target: source.target, headSha: source.headSha, files, setup, env, options, io, readHeadFiles: source.readHeadFiles })).code;
}

async function readPatch(file: string, io: CliIo): Promise<DiffSource> {
  const text =
    file === "-"
      ? await io.readStdin()
      : await readFile(path.resolve(io.cwd, file), "utf8").catch((error: unknown) => {
          const code = error instanceof Error && "code" in error ? String(error.code) : messageOf(error);
          throw new CliError(`cannot read the --patch file ${file}: ${code}`);
        });
  // Inside a repository its configuration still applies; elsewhere the defaults do.
  const root = await repoRoot(gitIn(io.cwd, io.env)).catch(() => undefined);
  // A patch has no commit; a hash of its text stands in, so one patch always gets the same fingerprints.
  const headSha = createHash("sha1").update(text).digest("hex");
  // The working tree's files, when the patch matches them (context is checked against the hunks).
  const readHeadFiles = root === undefined ? undefined : workingTreeFilesReader(root);
  return { text, target: file === "-" ? "patch from stdin" : `patch ${file}`, headSha, root, readHeadFiles };
}

/** The working tree's file, not the default branch's: locally the person running the review owns both. */
async function loadConfig(options: DiffOptions, root: string | undefined, io: CliIo): Promise<LocalConfig> {
  if (options.config !== undefined) return readLocalConfig(path.resolve(io.cwd, options.config), options.config, true);
  if (root === undefined) return { config: DEFAULT_REPO_CONFIG, notes: [] };
  return readLocalConfig(path.join(root, CONFIG_PATH), CONFIG_PATH, false);
}

function workingTreeReader(root: string): RepoFileReader {
  return async (file) => {
    try {
      return { text: await readFile(path.join(root, file), "utf8"), source: file };
    } catch {
      return undefined;
    }
  };
}
