/**
 * The GitHub Action run as the runner runs it: INPUT_* variables, the event file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY, against the GitHub stand-in (under /api/v3, as on GitHub Enterprise Server)
 * and the Anthropic stand-in over real HTTP on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addedFile, changedFile } from "../../dev/scenario-kit.js";
import { startAnthropicStandIn, type AnthropicStandIn } from "../../dev/stand-ins/anthropic-stand-in.js";
import { startBedrockStandIn } from "../../dev/stand-ins/bedrock-stand-in.js";
import { startGitHubStandIn, type GitHubStandIn, type PullRequestScenario, type RecordedRequest } from "../../dev/stand-ins/github-stand-in.js";
import { EXAMPLE_HEAD_SHA, pullRequestPayload } from "../helpers/webhook-payloads.js";
import { runBundle, runInProcess, type StepSetup } from "./action-harness.js";

const TOKEN = "ghs_actionsjobtoken0000000000000000000";
const READ_ONLY_TOKEN = "ghs_forkrunreadonly00000000000000000000";
const SECOND_SHA = "5f1e2d3c4b5a69788796a5b4c3d2e1f001122334";

/** One high finding the scripted reviewer recognises (a reset token from Math.random, line 4) and a README line it must skip. */
function scenario(): PullRequestScenario {
  const tokenFile = addedFile("src/auth/reset-token.ts", [
    'import { db } from "../db.js";',
    "",
    "export function createResetToken(): string {",
    "  const resetToken = Math.random().toString(36).slice(2);",
    "  return resetToken;",
    "}",
  ]);
  const readme = changedFile("README.md", "modified", [{ oldStart: 1, newStart: 1, lines: [" # Hello-World", "+Password resets."] }]);
  return { owner: "Codertocat", repo: "Hello-World", pullNumber: 2, headSha: EXAMPLE_HEAD_SHA, files: [tokenFile, readme] };
}

let github: GitHubStandIn;
let anthropic: AnthropicStandIn;
let pull: PullRequestScenario;

/** The stand-ins, with these files on the default branches (`owner/repo:path`). */
async function startStandIns(files: Record<string, string> = {}): Promise<void> {
  pull = scenario();
  github = await startGitHubStandIn(pull, { tokens: [TOKEN], readOnlyTokens: [READ_ONLY_TOKEN], files });
  anthropic = await startAnthropicStandIn();
}

beforeEach(() => startStandIns());
afterEach(async () => {
  await Promise.all([github.close(), anthropic.close()]);
});

function step(inputs: Record<string, string>, event: Record<string, unknown> = pullRequestPayload(), more: Partial<StepSetup> = {}): StepSetup {
  return {
    inputs: { "anthropic-api-key": "sk-ant-test", "github-token": TOKEN, ...inputs },
    event,
    githubApiUrl: github.baseUrl,
    anthropicBaseUrl: anthropic.baseUrl,
    ...more,
  };
}

const posts = (): RecordedRequest[] => github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/pulls/2/reviews"));
const writes = (): RecordedRequest[] =>
  github.requests.filter((r) => r.method !== "GET" && !(r.path === "/graphql" && !String((r.body as { query?: string }).query).trim().startsWith("mutation")));

/** A pull request from a fork: the same real payload with its head in another owner's repository. */
function forkPayload(): Record<string, unknown> {
  const payload = pullRequestPayload();
  const head = (payload.pull_request as { head: { repo: { full_name: string; fork: boolean; owner: { login: string } } } }).head;
  head.repo = { ...head.repo, full_name: "contributor/Hello-World", fork: true, owner: { ...head.repo.owner, login: "contributor" } };
  return payload;
}

describe("the Action, run as the runner runs it", () => {
  it("the committed bundle posts one review with the finding on its true line, writes summary, outputs and SARIF, and fails on fail-on: high", async () => {
    const result = await runBundle(step({ "fail-on": "high", sarif: "reports/backend-review.sarif" }));

    expect(result.code, result.log).toBe(1);
    expect(posts()).toHaveLength(1);
    const review = posts()[0]?.body as { commit_id: string; event: string; body: string; comments: { path: string; line: number; body: string }[] };
    expect(review).toMatchObject({ commit_id: EXAMPLE_HEAD_SHA, event: "COMMENT" });
    expect(review.comments.map((c) => [c.path, c.line])).toEqual([["src/auth/reset-token.ts", 4]]);
    expect(review.comments[0]?.body).toMatch(/<!-- backend-review:finding fp=[0-9a-f]{16} check=insecure-randomness[^>]*-->$/);
    expect(review.body).toMatch(new RegExp(`<!-- backend-review:review sha=${EXAMPLE_HEAD_SHA} -->$`));
    expect(github.unexpected()).toEqual([]);

    expect(result.outputs).toEqual({
      critical: "0",
      high: "1",
      medium: "0",
      low: "0",
      findings: "1",
      "sarif-path": expect.stringMatching(/\/workspace\/reports\/backend-review\.sarif$/) as unknown as string,
    });
    expect(result.summary).toMatch(/> Posted on the pull request as \[review \d+\]\(https:\/\/github\.example\/Codertocat\/Hello-World\/pull\/2#pullrequestreview-\d+\)\./);
    expect(result.summary).toContain("Security token generated with Math.random");
    expect(result.summary).not.toContain("<!-- backend-review:");
    const sarif = JSON.parse(result.sarif ?? "{}") as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.region.startLine])).toEqual([["insecure-randomness", 4]]);
    expect(result.log).toContain("backend-review: failing the step: a finding is at or above fail-on (high)");
  });

  it("stops the runner reading workflow commands while the model's words are printed, and resumes before its own annotation", async () => {
    const result = await runInProcess(step({}, pullRequestPayload(), { extraEnv: { BACKEND_REVIEW_MODEL: "not-a-model-alias!" } }));
    const [, token] = /^::stop-commands::(backend-review-[0-9a-f-]{36})$/m.exec(result.log) ?? [];
    expect(token).toBeDefined();
    const resumed = result.log.indexOf(`::${token}::`);
    expect(resumed).toBeGreaterThan(result.log.indexOf("::stop-commands::"));
    expect(result.log.indexOf("::error::")).toBeGreaterThan(resumed);
    expect(result.code).toBe(2);
  });

  it("exits 0 when no finding reaches fail-on, and says where the configuration came from", async () => {
    const result = await runInProcess(step({ "fail-on": "critical" }));
    expect(result.code, result.log).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(result.outputs).toMatchObject({ high: "1", findings: "1", "sarif-path": "" });
    expect(result.log).toContain("backend-review: configuration: none found (.github/backend-review.yml), the defaults apply");
  });

  it("reads the configuration as the App does: the organisation's defaults through _extends set fail_on", async () => {
    await Promise.all([github.close(), anthropic.close()]);
    await startStandIns({
      "Codertocat/Hello-World:.github/backend-review.yml": "_extends: .github\nmax_comments: 5\n",
      "Codertocat/.github:.github/backend-review.yml": "fail_on: high\n",
    });
    const result = await runInProcess(step({}));
    expect(result.code, result.log).toBe(1);
    expect(result.log).toContain(
      "backend-review: configuration: Codertocat/.github:.github/backend-review.yml, then Codertocat/Hello-World:.github/backend-review.yml\n",
    );
  });

  it("does not review when the configuration turns reviews off, and says so in the App's words", async () => {
    await Promise.all([github.close(), anthropic.close()]);
    await startStandIns({ "Codertocat/Hello-World:.github/backend-review.yml": "enabled: false\n" });
    const result = await runInProcess(step({ "fail-on": "low" }));
    expect(result.code).toBe(0);
    expect(anthropic.stats.calls).toBe(0);
    expect(result.summary).toContain("Not reviewed: reviews are disabled by configuration (enabled: false).");
    expect(result.log).not.toContain("--config");
  });

  it("passes provider: bedrock through, with the AWS settings of the job's env, and reviews on Bedrock", async () => {
    const bedrock = await startBedrockStandIn({ region: "us-west-2" });
    try {
      const env = { AWS_REGION: "us-west-2", AWS_ACCESS_KEY_ID: "AKIDACTION", AWS_SECRET_ACCESS_KEY: "action-secret", ANTHROPIC_BEDROCK_BASE_URL: bedrock.baseUrl };
      const result = await runInProcess(step({ provider: "bedrock", "anthropic-api-key": "", "fail-on": "high" }, pullRequestPayload(), { extraEnv: env }));
      expect(result.code, result.log).toBe(1);
      expect(bedrock.calls.length).toBeGreaterThanOrEqual(1);
      expect(anthropic.stats.calls).toBe(0);
      expect((posts()[0]?.body as { comments: { path: string; line: number }[] }).comments.map((c) => [c.path, c.line])).toEqual([["src/auth/reset-token.ts", 4]]);
    } finally {
      await bedrock.close();
    }
  });

  it("reads the configuration file the config input names, from the repository and then the organisation's .github", async () => {
    const result = await runInProcess(step({ config: "./.github/review.yml" }));
    expect(result.code, result.log).toBe(0);
    const read = github.requests.filter((r) => r.path.includes("/contents/")).map((r) => `${r.method} ${r.path}`);
    expect(read).toEqual(["GET /repos/Codertocat/Hello-World/contents/.github%2Freview.yml", "GET /repos/Codertocat/.github/contents/.github%2Freview.yml"]);
    expect(result.log).toContain("backend-review: configuration: none found (.github/review.yml), the defaults apply");
  });

  it("on a later push repeats nothing, and the finding still standing keeps failing fail-on: high", async () => {
    expect((await runInProcess(step({ "fail-on": "high" }))).code).toBe(1);
    pull.headSha = SECOND_SHA;
    const second = await runInProcess(step({ "fail-on": "high", sarif: "r.sarif" }, pullRequestPayload({ action: "synchronize", headSha: SECOND_SHA })));

    expect(second.code, second.log).toBe(1);
    expect(posts()).toHaveLength(2);
    const again = posts()[1]?.body as { commit_id: string; body: string; comments?: unknown[] };
    expect(again.commit_id).toBe(SECOND_SHA);
    expect(again.comments ?? []).toEqual([]);
    expect(again.body).toContain("1 finding raised or dismissed in an earlier review of this pull request is not repeated.");
    expect(second.outputs).toMatchObject({ high: "0", findings: "0" });
    // The SARIF still holds the standing finding: code scanning takes each file as the whole analysis.
    const sarif = JSON.parse(second.sarif ?? "{}") as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(["insecure-randomness"]);
  });

  it("from a fork: reviews, writes the job summary and SARIF, posts nothing, and still fails on fail-on", async () => {
    const result = await runInProcess(step({ "fail-on": "high", "github-token": READ_ONLY_TOKEN, sarif: "review.sarif" }, forkPayload()));

    expect(result.code, result.log).toBe(1);
    expect(writes()).toEqual([]);
    expect(result.log).toContain("this pull request comes from a fork: its pull_request run has a read-only token");
    expect(result.summary).toContain(
      "> **Not posted on the pull request:** the pull request comes from a fork, and GitHub gives its pull_request runs a read-only token.",
    );
    expect(result.summary).toContain("Security token generated with Math.random");
    expect(result.outputs).toMatchObject({ high: "1", findings: "1" });
    expect(JSON.parse(result.sarif ?? "{}")).toMatchObject({ runs: [{ results: [{ ruleId: "insecure-randomness" }] }] });
    // The finding as an annotation on its line, printed after the runner reads commands again.
    const annotation = "::error file=src/auth/reset-token.ts,line=4,endLine=4,title=backend-review%3A insecure-randomness (high)::Security token generated with Math.random%0A%0A";
    expect(result.log).toContain(annotation);
    expect(result.log.indexOf(annotation)).toBeGreaterThan(result.log.search(/^::backend-review-[0-9a-f-]{36}::$/m));
  });

  it("keeps the review in the summary when GitHub refuses the post with 403 (a read-only token it could not foresee)", async () => {
    const result = await runInProcess(step({ "fail-on": "high", "github-token": READ_ONLY_TOKEN }));

    expect(result.code, result.log).toBe(1);
    expect(posts().map((r) => r.status)).toEqual([403]);
    expect(result.summary).toContain("> **Not posted on the pull request:** GitHub refused to post the review (403)");
    expect(result.summary).toContain("Security token generated with Math.random");
  });

  it("follows the App's rules for automatic reviews: a draft is not reviewed by default", async () => {
    const result = await runInProcess(step({ "fail-on": "low" }, pullRequestPayload({ draft: true })));
    expect(result.code).toBe(0);
    expect(anthropic.stats.calls).toBe(0);
    expect(posts()).toEqual([]);
    expect(result.summary).toContain("Not reviewed: draft pull request (review_drafts: false)");
  });

  it("does not review a pull request event it has nothing to do for (closed), and exits 0", async () => {
    const result = await runInProcess(step({ "fail-on": "low" }, pullRequestPayload({ action: "closed" })));
    expect(result.code).toBe(0);
    expect(github.requests).toEqual([]);
    expect(result.summary).toContain("Not reviewed: a pull request that was closed is not reviewed");
    expect(result.outputs).toMatchObject({ findings: "0", "sarif-path": "" });
  });

  it.each([
    {
      name: "a fail-on value that is not a severity",
      setup: () => step({ "fail-on": "severe" }),
      error: 'the fail-on input must be one of critical, high, medium, low, never; found "severe"',
    },
    {
      name: "a config path outside the repository",
      setup: () => step({ config: "../secrets.yml" }),
      error: 'the config input must be a path inside the repository such as .github/backend-review.yml; found "../secrets.yml"',
    },
    {
      name: "a provider that does not exist",
      setup: () => step({ provider: "azure" }),
      error: 'the provider input must be one of anthropic, bedrock, vertex; found "azure"',
    },
    {
      name: "Bedrock without its region in the job's env",
      setup: () => step({ provider: "bedrock", "anthropic-api-key": "" }),
      error:
        "the model cannot be called: AWS_REGION is not set: BACKEND_REVIEW_PROVIDER=bedrock needs the AWS region, e.g. us-east-1. " +
        "Set it in the job's or the step's env.",
    },
    {
      name: "a push event",
      setup: () => step({}, pullRequestPayload(), { eventName: "push" }),
      error: 'backend-review reviews pull requests: run it on: pull_request (or pull_request_target); this run is a "push" event',
    },
    {
      name: "no Anthropic key on a fork's run, which gets no secrets",
      setup: () => step({ "anthropic-api-key": "" }, forkPayload()),
      error:
        "the anthropic-api-key input is empty: pass anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }} (or choose another provider). " +
        "GitHub does not give repository secrets to pull_request runs from forks, so a fork's pull request cannot be reviewed this way.",
    },
  ])("stops with exit 2 and an error annotation naming the problem: $name", async ({ setup, error }) => {
    const result = await runInProcess(setup());
    expect(result.code).toBe(2);
    expect(result.log).toContain(`::error::${error}`);
    expect(result.summary).toContain("### backend-review: the review did not run");
    expect(result.summary).toContain(error);
    expect(github.requests).toEqual([]);
    expect(anthropic.stats.calls).toBe(0);
  });
});
