import { describe, expect, it } from "vitest";
import type { Severity } from "../../src/review/finding.js";
import {
  knownFingerprints,
  openSeverities,
  readFindingThreads,
  type FindingThread,
  type RawThread,
} from "../../src/review/finding-threads.js";
import { dismissedMarker, findingMarker, reviewMarker } from "../../src/review/markers.js";
import { renderComment } from "../../src/review/render-comment.js";

const FP = "3f9a0c1d2e4b5a67";
const OTHER_FP = "aa00bb11cc22dd33";
const PATH = "src/api/orders.ts";

/** A finding comment as the bot renders it: prose, then the marker on the last line. */
function findingBody(fp: string = FP, severity?: Severity, check = "sql-injection"): string {
  return [
    "**🟠 High · security · `sql-injection`** User input is concatenated into the DELETE query.",
    "",
    "`req.params.id` reaches `db.query` unescaped; use a bound parameter.",
    "",
    findingMarker(fp, check, severity),
  ].join("\n");
}

const DISMISS_REPLY = (fp: string = FP): string =>
  `Dismissed by @alice: this finding will not be raised again on this pull request.\n\n${dismissedMarker(fp)}`;

let nextId = 1000;
const bot = (body: string) => ({ databaseId: nextId++, body, byBot: true });
const human = (body: string) => ({ databaseId: nextId++, body, byBot: false });

function thread(comments: RawThread["comments"], overrides: Partial<Omit<RawThread, "comments">> = {}): RawThread {
  return { id: "PRRT_kwDOAbc123", isResolved: false, isOutdated: false, path: PATH, comments, ...overrides };
}

describe("readFindingThreads: which threads are the bot's findings", () => {
  it.each<[string, RawThread["comments"], number]>([
    ["a bot comment ending with a finding marker", [bot(findingBody())], 1],
    ["a human who pasted the bot's marker into their own comment", [human(findingBody())], 0],
    ["a human opening the thread, the bot replying with a finding marker", [human("Is this safe?"), bot(findingBody())], 0],
    ["a bot comment without a marker", [bot("Thanks, I will take a look.")], 0],
    ["a bot comment with the marker quoted mid-text, not on the last line", [bot(`${findingMarker(FP, "sql-injection")}\nsee above`)], 0],
    ["a bot comment carrying a review marker", [bot(`Summary\n\n${reviewMarker("0123456789abcdef0123456789abcdef01234567")}`)], 0],
    ["a bot comment carrying a dismissed marker", [bot(DISMISS_REPLY())], 0],
    ["a thread with no comments (deleted)", [], 0],
  ])("%s → %i", (_name, comments, count) => {
    expect(readFindingThreads([thread(comments)])).toHaveLength(count);
  });

  it("reads the finding's identity and the thread's state", () => {
    const first = bot(findingBody(FP, "high"));
    const raw = thread([first], { id: "PRRT_kwDOxyz", isResolved: true, isOutdated: false, line: 14, startLine: 12 });
    expect(readFindingThreads([raw])).toEqual<FindingThread[]>([
      {
        threadId: "PRRT_kwDOxyz",
        commentId: first.databaseId,
        path: PATH,
        fingerprint: FP,
        checkId: "sql-injection",
        severity: "high",
        isResolved: true,
        isOutdated: false,
        dismissed: false,
        humanReplied: false,
        line: 14,
        startLine: 12,
        title: "User input is concatenated into the DELETE query.",
      },
    ]);
  });

  it("keeps the threads' order and skips the ones that are not findings", () => {
    const found = readFindingThreads([
      thread([bot(findingBody(FP))], { id: "t1" }),
      thread([human("nit: rename this")], { id: "t2" }),
      thread([bot(findingBody(OTHER_FP, "low", "n-plus-one-query"))], { id: "t3" }),
    ]);
    expect(found.map((t) => [t.threadId, t.fingerprint, t.checkId])).toEqual([
      ["t1", FP, "sql-injection"],
      ["t3", OTHER_FP, "n-plus-one-query"],
    ]);
  });
});

describe("readFindingThreads: where the thread sits now", () => {
  it.each<[string, Partial<RawThread>, { line?: number; startLine?: number }]>([
    ["one line", { line: 9, startLine: null }, { line: 9 }],
    ["a range", { line: 11, startLine: 9 }, { line: 11, startLine: 9 }],
    ["outdated: GitHub reports no line", { isOutdated: true, line: null, startLine: null }, {}],
    ["outdated with a start but no line", { line: null, startLine: 4 }, {}],
    ["a start after the line (not a range)", { line: 3, startLine: 7 }, { line: 3 }],
    ["a start equal to the line", { line: 3, startLine: 3 }, { line: 3 }],
    ["not read at all (an older caller)", {}, {}],
  ])("%s", (_name, overrides, expected) => {
    const [found] = readFindingThreads([thread([bot(findingBody())], overrides)]);
    expect({ line: found?.line, startLine: found?.startLine }).toEqual({ line: undefined, startLine: undefined, ...expected });
  });
});

describe("readFindingThreads: the title, from the comment's first line", () => {
  const marker = findingMarker(FP, "sql-injection", "high");
  it.each<[string, string, string | undefined]>([
    ["as render-comment writes it", `**🔴 Critical · security · \`sql-injection\`** Raw SQL built from \`req.params.id\`\n\nWhy.\n\n${marker}`, "Raw SQL built from `req.params.id`"],
    ["Markdown escapes undone", `**🟡 Medium · performance · \`n-plus-one-query\`** One query per \\*order\\* \\<row\\>\n\n${marker}`, "One query per *order* <row>"],
    ["bidi and zero-width characters dropped", `**🟠 High · security · \`ssrf\`** Fetch\u202e of a user URL\u200b\n\n${marker}`, "Fetch of a user URL"],
    ["CRLF line ends", `**🔵 Low · reliability · \`missing-timeout\`** No timeout\r\n\r\n${marker}`, "No timeout"],
    ["a first line of another shape", `**High** · security · \`sql-injection\`\n\n**Title**\n\n${marker}`, undefined],
    ["a prefix with nothing after it", `**🟠 High · security · \`ssrf\`**\n\n${marker}`, undefined],
  ])("%s", (_name, body, title) => {
    expect(readFindingThreads([thread([bot(body)])])[0]?.title).toBe(title);
  });

  it.each(["SQL built from request input", "Token from Math.random() for a *session* id", "Use of `eval` on <input> & co"])(
    "reads back the title of a comment render-comment wrote: %s",
    (title) => {
      const finding = { path: PATH, line: 3, quote: "x", severity: "high", category: "security", check_id: "sql-injection", title, explanation: "Why it matters.", fix: "Fix it.", confidence: 0.9 } as const;
      const { body } = renderComment({ finding, path: PATH, line: 3, fingerprint: FP });
      expect(readFindingThreads([thread([bot(body)])])[0]?.title).toBe(title);
    },
  );

  it("cuts a long title at 200 characters", () => {
    const body = `**🟠 High · security · \`ssrf\`** ${"a".repeat(300)}\n\n${marker}`;
    const title = readFindingThreads([thread([bot(body)])])[0]?.title ?? "";
    expect(title).toHaveLength(200);
    expect(title.endsWith("…")).toBe(true);
  });
});

describe("readFindingThreads: dismissed and humanReplied", () => {
  it.each<[string, RawThread["comments"], { dismissed: boolean; humanReplied: boolean }]>([
    ["no replies", [], { dismissed: false, humanReplied: false }],
    ["the bot's dismissal reply", [human("/review ignore"), bot(DISMISS_REPLY())], { dismissed: true, humanReplied: true }],
    ["the bot's dismissal reply with nobody else talking", [bot(DISMISS_REPLY())], { dismissed: true, humanReplied: false }],
    ["a human typing the dismissed marker", [human(DISMISS_REPLY())], { dismissed: false, humanReplied: true }],
    ["a bot dismissal of another finding", [bot(DISMISS_REPLY(OTHER_FP))], { dismissed: false, humanReplied: false }],
    ["a bot reply with the dismissed marker not on its last line", [bot(`${dismissedMarker(FP)}\nNever mind.`)], { dismissed: false, humanReplied: false }],
    ["a bot reply that is not a dismissal", [bot("Fixed in `abc1234`: the flagged code is no longer in the pull request.")], { dismissed: false, humanReplied: false }],
    ["a human reply", [human("This is intentional, the id is validated upstream.")], { dismissed: false, humanReplied: true }],
    ["the dismissal followed by more talk", [bot(DISMISS_REPLY()), human("thanks!")], { dismissed: true, humanReplied: true }],
  ])("%s", (_name, replies, expected) => {
    const [found] = readFindingThreads([thread([bot(findingBody()), ...replies])]);
    expect(found && { dismissed: found.dismissed, humanReplied: found.humanReplied }).toEqual(expected);
  });
});

describe("readFindingThreads: severity", () => {
  it.each<[string, string, Severity | undefined]>([
    ["critical", findingBody(FP, "critical"), "critical"],
    ["high", findingBody(FP, "high"), "high"],
    ["medium", findingBody(FP, "medium"), "medium"],
    ["low", findingBody(FP, "low"), "low"],
    ["no sev (a comment from before severities were recorded)", findingBody(FP), undefined],
    ["an unknown sev", `Finding\n\n<!-- backend-review:finding fp=${FP} check=sql-injection sev=urgent -->`, undefined],
  ])("%s", (_name, body, severity) => {
    expect(readFindingThreads([thread([bot(body)])])[0]?.severity).toBe(severity);
  });
});

function finding(overrides: Partial<FindingThread> = {}): FindingThread {
  return {
    threadId: "PRRT_1",
    commentId: 1,
    path: PATH,
    fingerprint: FP,
    checkId: "sql-injection",
    severity: "high",
    isResolved: false,
    isOutdated: false,
    dismissed: false,
    humanReplied: false,
    ...overrides,
  };
}

describe("knownFingerprints", () => {
  it("holds every finding the bot raised, whatever became of it", () => {
    const threads = [
      finding({ fingerprint: "01" }),
      finding({ fingerprint: "02", isResolved: true }),
      finding({ fingerprint: "03", dismissed: true }),
      finding({ fingerprint: "04", isOutdated: true }),
      finding({ fingerprint: "01", threadId: "PRRT_2" }),
    ];
    expect([...knownFingerprints(threads)].sort()).toEqual(["01", "02", "03", "04"]);
  });

  it("ignores fingerprints a human typed", () => {
    const threads = readFindingThreads([thread([human(findingBody(OTHER_FP))]), thread([bot(findingBody(FP))])]);
    expect([...knownFingerprints(threads)]).toEqual([FP]);
  });

  it("is empty for a pull request the bot never commented on", () => {
    expect(knownFingerprints([]).size).toBe(0);
  });
});

describe("openSeverities", () => {
  it.each<[string, Partial<FindingThread>, Severity[]]>([
    ["an open finding", {}, ["high"]],
    ["a resolved one", { isResolved: true }, []],
    ["a dismissed one", { dismissed: true }, []],
    ["an outdated one (its code may still be there; fixed ones are filtered out before)", { isOutdated: true }, ["high"]],
    ["one without a recorded severity", { severity: undefined }, []],
    ["an open one with a human reply", { humanReplied: true, severity: "critical" }, ["critical"]],
  ])("%s", (_name, overrides, expected) => {
    expect(openSeverities([finding(overrides)])).toEqual(expected);
  });

  it("counts each open finding once, in thread order", () => {
    const threads = [
      finding({ severity: "low" }),
      finding({ severity: "high", isResolved: true }),
      finding({ severity: "critical" }),
      finding({ severity: "low" }),
    ];
    expect(openSeverities(threads)).toEqual(["low", "critical", "low"]);
  });

  it("ignores a high finding a human faked in a thread of their own", () => {
    const threads = readFindingThreads([thread([human(findingBody(FP, "critical"))]), thread([bot(findingBody(OTHER_FP, "medium"))])]);
    expect(openSeverities(threads)).toEqual(["medium"]);
  });
});
