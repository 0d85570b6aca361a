import { CliError } from "./cli-error.js";
import { defaultBranch, GitFailure, gitIn, repoRoot, resolveCommit, type Git } from "./git.js";
import { commitFilesReader, workingTreeFilesReader, type HeadFilesReader } from "./head-files-source.js";

export interface DiffSource {
  text: string;
  target: string;
  headSha: string;
  /** The repository the configuration and a repository agent file are read from. */
  root?: string | undefined;
  /** Reads the changed files as of the reviewed side (commit or working tree), for the context around hunks. */
  readHeadFiles?: HeadFilesReader | undefined;
}

/*
 * Options that user or system git configuration could otherwise change: colour, external and
 * textconv drivers, paths relative to a subdirectory, or prefixes other than a/ and b/.
 */
const DIFF_ARGS = [
  "diff",
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "--src-prefix=a/",
  "--dst-prefix=b/",
  "--submodule=short",
  "-M",
];

const RANGE = /^(.*?)(\.\.\.?)(.*)$/;

type Env = Readonly<Record<string, string | undefined>>;

export async function readGitDiff(cwd: string, env: Env, range: string | undefined, worktree: boolean): Promise<DiffSource> {
  const root = await repoRoot(gitIn(cwd, env));
  if (!root) throw new CliError("not inside a git repository: diff mode reads the changes with git (use --patch <file> for a diff from elsewhere)");
  const git = gitIn(root, env);
  const head = await resolveCommit(git, "HEAD");
  if (!head) throw new CliError("HEAD has no commit yet: commit something first, or use --patch <file>");
  const explicit = range === undefined ? null : RANGE.exec(range);
  if (range !== undefined && explicit) {
    if (worktree) throw new CliError(`--worktree compares with the working tree: give one base revision, not the range ${range}`);
    const [, from = "", , to = ""] = explicit;
    await mustResolve(git, from || "HEAD");
    const tip = await mustResolve(git, to || "HEAD");
    return { text: await diff(git, [range]), target: range, headSha: tip, root, readHeadFiles: commitFilesReader(git, tip) };
  }
  const baseName = range ?? (await defaultBranch(git));
  await mustResolve(git, baseName);
  const base = await mergeBase(git, baseName);
  const text = await diff(git, worktree ? [base] : [base, "HEAD"]);
  const readHeadFiles = worktree ? workingTreeFilesReader(root) : commitFilesReader(git, head);
  return { text, target: `${baseName}...HEAD${worktree ? " with uncommitted changes" : ""}`, headSha: head, root, readHeadFiles };
}

async function mustResolve(git: Git, revision: string): Promise<string> {
  const sha = await resolveCommit(git, revision);
  if (!sha) throw new CliError(`unknown revision ${JSON.stringify(revision)}: git cannot find a commit by that name`);
  return sha;
}

/** Where HEAD forked from the base, as a pull request compares: the base's later commits are not HEAD's changes. */
async function mergeBase(git: Git, base: string): Promise<string> {
  try {
    return (await git(["merge-base", "--end-of-options", base, "HEAD"])).trim();
  } catch (error) {
    if (error instanceof GitFailure) throw new CliError(`${base} and HEAD have no common ancestor: give a range such as ${base}..HEAD`);
    throw error;
  }
}

async function diff(git: Git, revisions: readonly string[]): Promise<string> {
  try {
    return await git([...DIFF_ARGS, ...revisions, "--"]);
  } catch (error) {
    if (error instanceof GitFailure) throw new CliError(error.message);
    throw error;
  }
}
