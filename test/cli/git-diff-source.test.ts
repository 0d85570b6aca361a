import { afterEach, describe, expect, it } from "vitest";
import { readGitDiff } from "../../src/cli/git-diff-source.js";
import { featureRepo } from "./helpers/feature-repo.js";
import { createTempRepo, type TempRepo } from "./helpers/temp-repo.js";

const repos: TempRepo[] = [];
const track = (repo: TempRepo) => (repos.push(repo), repo);
afterEach(() => repos.splice(0).forEach((r) => r.remove()));

describe("readGitDiff: which changes", () => {
  it("passes an explicit range to git as written, its tip being the reviewed commit", async () => {
    const repo = track(featureRepo());
    repo.git("checkout", "--quiet", "main");
    const source = await readGitDiff(repo.dir, repo.env, "main..feature", false);
    expect(source).toMatchObject({ target: "main..feature", headSha: repo.git("rev-parse", "feature").trim() });
    expect(source.text).toContain("+++ b/src/routes/users.ts");
  });

  it("prefers origin/HEAD as the default branch, then main, then master", async () => {
    const repo = track(featureRepo());
    const main = repo.git("rev-parse", "main").trim();
    repo.git("update-ref", "refs/remotes/origin/develop", main);
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop");
    expect((await readGitDiff(repo.dir, repo.env, undefined, false)).target).toBe("origin/develop...HEAD");
    repo.git("symbolic-ref", "--delete", "refs/remotes/origin/HEAD");
    repo.git("branch", "--quiet", "-m", "main", "master");
    expect((await readGitDiff(repo.dir, repo.env, undefined, false)).target).toBe("master...HEAD");
    repo.git("branch", "--quiet", "-m", "master", "trunk");
    await expect(readGitDiff(repo.dir, repo.env, undefined, false)).rejects.toThrow(
      "cannot tell the default branch: origin/HEAD, main and master do not exist",
    );
  });

  it("refuses unknown revisions, option-like ones, and --worktree with a range", async () => {
    const repo = track(featureRepo());
    await expect(readGitDiff(repo.dir, repo.env, "nope", false)).rejects.toThrow('unknown revision "nope"');
    await expect(readGitDiff(repo.dir, repo.env, "--output=/tmp/x", false)).rejects.toThrow('unknown revision "--output=/tmp/x"');
    await expect(readGitDiff(repo.dir, repo.env, "main..nope", false)).rejects.toThrow('unknown revision "nope"');
    await expect(readGitDiff(repo.dir, repo.env, "main...HEAD", true)).rejects.toThrow("--worktree compares with the working tree");
  });

  it("reads from the repository root when run in a subdirectory", async () => {
    const repo = track(featureRepo());
    const source = await readGitDiff(`${repo.dir}/src`, repo.env, undefined, false);
    expect(source.root).toBe(repo.git("rev-parse", "--show-toplevel").trim());
    expect(source.text).toContain("diff --git a/README.md b/README.md");
  });

  it("says what to do in a repository without commits", async () => {
    const repo = track(createTempRepo());
    await expect(readGitDiff(repo.dir, repo.env, undefined, false)).rejects.toThrow("HEAD has no commit yet");
  });
});
