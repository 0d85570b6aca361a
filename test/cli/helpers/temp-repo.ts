import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { baseEnv } from "./cli-harness.js";

/** A throwaway repository under the system's temp directory; the project's own repository is never touched. */
export interface TempRepo {
  dir: string;
  env: Record<string, string | undefined>;
  write(file: string, text: string): void;
  git(...args: string[]): string;
  commit(message: string): void;
  remove(): void;
}

export function createTempRepo(): TempRepo {
  const dir = mkdtempSync(path.join(tmpdir(), "backend-review-cli-"));
  // Fixed identity and dates, so commit ids (and anything printed from them) are the same every run.
  const env = baseEnv({
    GIT_AUTHOR_NAME: "Test Author",
    GIT_AUTHOR_EMAIL: "author@example.com",
    GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
    GIT_COMMITTER_NAME: "Test Author",
    GIT_COMMITTER_EMAIL: "author@example.com",
    GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" });
  git("-c", "init.defaultBranch=main", "init", "--quiet");
  return {
    dir,
    env,
    git,
    write(file, text) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    },
    commit(message) {
      git("add", "--all");
      git("commit", "--quiet", "-m", message);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
