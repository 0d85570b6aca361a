import { execFile } from "node:child_process";
import { CliError } from "./cli-error.js";

/** Runs git with arguments as a list (never through a shell) and returns its stdout. */
export type Git = (args: readonly string[]) => Promise<string>;

/** A diff of a large refactor can run to many megabytes; execFile's 1 MB default would cut it. */
const MAX_OUTPUT = 512 * 1024 * 1024;

export class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly detail: string,
  ) {
    super(`git ${args[0] ?? ""} failed: ${detail}`);
    this.name = "GitFailure";
  }
}

export function gitIn(cwd: string, env: Readonly<Record<string, string | undefined>>): Git {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile("git", [...args], { cwd, env, maxBuffer: MAX_OUTPUT, encoding: "utf8" }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ("code" in error && error.code === "ENOENT") return reject(new CliError("git was not found on PATH: diff mode reads the changes with it"));
        const detail = stderr.trim().split("\n")[0] || error.message;
        reject(new GitFailure(args, detail));
      });
    });
}

/** The full commit id a revision names, or undefined when it names none. */
export async function resolveCommit(git: Git, revision: string): Promise<string | undefined> {
  if (revision.startsWith("-")) return undefined; // would be read as an option
  try {
    return (await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`])).trim() || undefined;
  } catch (error) {
    if (error instanceof GitFailure) return undefined;
    throw error;
  }
}

export async function repoRoot(git: Git): Promise<string | undefined> {
  try {
    return (await git(["rev-parse", "--show-toplevel"])).trim() || undefined;
  } catch (error) {
    if (error instanceof GitFailure) return undefined;
    throw error;
  }
}

/** origin/HEAD when a clone knows it, else a local main or master. */
export async function defaultBranch(git: Git): Promise<string> {
  const originHead = await git(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]).catch(() => "");
  if (originHead.trim()) return originHead.trim();
  for (const name of ["main", "master"]) {
    if (await resolveCommit(git, `refs/heads/${name}`)) return name;
  }
  throw new CliError("cannot tell the default branch: origin/HEAD, main and master do not exist; name the base, e.g. `backend-review diff develop`");
}
