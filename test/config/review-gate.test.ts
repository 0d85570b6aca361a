import { describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../src/config/repo-config-schema.js";
import { decideReview, type GateDecision, type PullRequestFacts, type Trigger } from "../../src/config/review-gate.js";

/** A configuration as the validator would produce it from these settings. */
function config(settings: Record<string, unknown> = {}) {
  return RepoConfigSchema.parse(settings);
}

function facts(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return { trigger: "opened", draft: false, author: "alice", labels: [], title: "Add billing endpoint", ...overrides };
}

const RUN: GateDecision = { run: true };
const AUTOMATIC: Trigger[] = ["opened", "reopened", "synchronize", "ready_for_review"];
const EXPLICIT: Trigger[] = ["command", "rerun"];
const ALL: Trigger[] = [...AUTOMATIC, ...EXPLICIT];

function hidden(reason: string): GateDecision {
  return { run: false, reason, visible: false };
}

function visible(reason: string): GateDecision {
  return { run: false, reason, visible: true };
}

describe("decideReview: enabled and auto_review", () => {
  it.each(ALL)("runs on %s with the defaults", (trigger) => {
    expect(decideReview(facts({ trigger }), config())).toEqual(RUN);
  });

  it.each(ALL)("never runs on %s when enabled is false, even when asked", (trigger) => {
    expect(decideReview(facts({ trigger }), config({ enabled: false }))).toEqual(hidden("reviews are disabled by configuration (enabled: false)"));
  });

  it.each(AUTOMATIC)("does not start by itself on %s when auto_review is off", (trigger) => {
    expect(decideReview(facts({ trigger }), config({ auto_review: "off" }))).toEqual(hidden("automatic reviews are off (auto_review: off)"));
  });

  it.each<[Trigger, GateDecision]>([
    ["opened", RUN],
    ["reopened", RUN],
    ["ready_for_review", RUN],
    ["synchronize", hidden("only the first push is reviewed automatically (auto_review: first_push_only)")],
    ["command", RUN],
    ["rerun", RUN],
  ])("with auto_review first_push_only, %s gives %j", (trigger, expected) => {
    expect(decideReview(facts({ trigger }), config({ auto_review: "first_push_only" }))).toEqual(expected);
  });

  it.each(EXPLICIT)("runs on %s when auto_review is off", (trigger) => {
    expect(decideReview(facts({ trigger }), config({ auto_review: "off" }))).toEqual(RUN);
  });
});

describe("decideReview: drafts", () => {
  it.each<[boolean, Trigger, GateDecision]>([
    [false, "opened", hidden("draft pull request (review_drafts: false)")],
    [false, "synchronize", hidden("draft pull request (review_drafts: false)")],
    [false, "command", RUN],
    [false, "rerun", RUN],
    [true, "opened", RUN],
    [true, "synchronize", RUN],
  ])("review_drafts %s, draft PR, %s", (reviewDrafts, trigger, expected) => {
    expect(decideReview(facts({ trigger, draft: true }), config({ review_drafts: reviewDrafts }))).toEqual(expected);
  });
});

describe("decideReview: skip rules", () => {
  it.each<[string[], string, GateDecision]>([
    [["dependabot[bot]"], "dependabot[bot]", visible('the author dependabot[bot] matches skip.authors "dependabot[bot]"')],
    // Brackets are literal: `[bot]` is not a character class that would match "dependabotb".
    [["dependabot[bot]"], "dependabotb", RUN],
    [["dependabot[bot]"], "dependabot", RUN],
    [["*[bot]"], "renovate[bot]", visible('the author renovate[bot] matches skip.authors "*[bot]"')],
    [["*[bot]"], "bob", RUN],
    [["Dependabot[BOT]"], "dependabot[bot]", visible('the author dependabot[bot] matches skip.authors "Dependabot[BOT]"')],
    [["release-*"], "Release-Bot", visible('the author Release-Bot matches skip.authors "release-*"')],
    [["alice", "bob"], "bob", visible('the author bob matches skip.authors "bob"')],
    [["alice"], "alice2", RUN],
  ])("skip.authors %j, author %s", (authors, author, expected) => {
    expect(decideReview(facts({ author }), config({ skip: { authors } }))).toEqual(expected);
  });

  it.each<[string[], string[], GateDecision]>([
    [["no-review"], ["bug", "No-Review"], visible('the label "No-Review" is in skip.labels')],
    [["NO-REVIEW"], ["no-review"], visible('the label "no-review" is in skip.labels')],
    [["no-review"], ["no-review-needed"], RUN],
    [["no-review"], [], RUN],
  ])("skip.labels %j, labels %j", (skipped, labels, expected) => {
    expect(decideReview(facts({ labels }), config({ skip: { labels: skipped } }))).toEqual(expected);
  });

  it.each<[string[], string, GateDecision]>([
    [["^\\[?wip\\b"], "[WIP] billing", visible('the title matches skip.titles "^\\[?wip\\b"')],
    [["^\\[?wip\\b"], "wip: billing", visible('the title matches skip.titles "^\\[?wip\\b"')],
    [["^\\[?wip\\b"], "Wipe stale sessions", RUN],
    [["^\\[?wip\\b"], "Fix WIP handling", RUN],
    [["chore\\(deps\\)", "^docs:"], "docs: readme", visible('the title matches skip.titles "^docs:"')],
  ])("skip.titles %j, title %j", (titles, title, expected) => {
    expect(decideReview(facts({ title }), config({ skip: { titles } }))).toEqual(expected);
  });

  it.each(EXPLICIT)("lets %s through every automatic rule", (trigger) => {
    const strict = config({
      review_drafts: false,
      skip: { authors: ["*"], labels: ["no-review"], titles: ["."] },
    });
    expect(decideReview(facts({ trigger, draft: true, labels: ["no-review"] }), strict)).toEqual(RUN);
  });

  it("names the first rule that applies: authors, then labels, then titles", () => {
    const all = config({ skip: { authors: ["alice"], labels: ["no-review"], titles: ["billing"] } });
    expect(decideReview(facts({ labels: ["no-review"] }), all)).toEqual(visible('the author alice matches skip.authors "alice"'));
    expect(decideReview(facts({ author: "carol", labels: ["no-review"] }), all)).toEqual(visible('the label "no-review" is in skip.labels'));
  });
});
