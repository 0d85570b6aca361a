import { describe, expect, it } from "vitest";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { findSecretsInText, scanForSecrets, type FoundSecret } from "../../src/review/detect-secrets.js";
import type { ModelRequest, ReviewModel } from "../../src/review/model.js";
import { redactSecrets, restoreSecrets, withSecretsRedacted } from "../../src/review/redact-secrets.js";
import type { ReviewableFile } from "../../src/review/reviewable-file.js";

// Assembled at run time, so this file holds no string in a real token format.
const reversed = (s: string) => s.split("").reverse().join("");
const TOKEN_A = `ghp_${reversed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ")}`;
const TOKEN_B = `ghp_${reversed("ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrq")}`;
const AWS_KEY_ID = `AKIA${reversed("Q7ZLW2XK9TRM4BVN")}`;
const BODY = ["MIIEowIBAAKCAQEAvH3kq9XzP2mL8sT4wQ1rN6yB0cJ7uF5dG2hK9lM3nO8pR4s", "Tq2Wv7Xy1Za5Bc9De3Fg6Hi0Jk4Lm8No2Pq6Rs0Tu4Vw8Xy2Za6Bc0De4Fg8Hi2Jk", "Lm6No0Pq4Rs=="];
const BEGIN = ["-----BEGIN RSA PRIVATE", "KEY-----"].join(" ");
const END = ["-----END RSA PRIVATE", "KEY-----"].join(" ");

function file(path: string, lines: string[]): ReviewableFile {
  const parsed = parsePatch([`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n"));
  return { path, status: "added", language: "", hunks: parsed.hunks, lineIndex: buildLineIndex(parsed.hunks) };
}

describe("scanForSecrets: what must never leave", () => {
  it("lists each value once with its kind, and every line of a private key's body", () => {
    const scan = scanForSecrets([
      file("src/a.ts", [`const a = "${TOKEN_A}";`, `const again = "${TOKEN_A}";`]),
      file("src/key.ts", ["export const key = `", BEGIN, ...BODY, END, "`;"]),
    ]);
    expect(scan.findings.map((f) => `${f.path}:${f.line}`)).toEqual(["src/a.ts:1", "src/a.ts:2", "src/key.ts:2"]);
    expect(scan.found).toEqual([
      { value: TOKEN_A, label: "GitHub token" },
      { value: BODY[0], label: "RSA private key" },
      { value: BODY[1], label: "RSA private key" },
      { value: BODY[2], label: "RSA private key" },
    ]);
  });

  it("keeps nothing from a fake key in test code, which it does not report", () => {
    const scan = scanForSecrets([file("test/fixtures/keys.ts", [`// fake key for the parser tests ${BEGIN}`, ...BODY, END])]);
    expect(scan.findings).toEqual([]);
    expect(scan.found).toEqual([]);
  });
});

describe("findSecretsInText", () => {
  it("reads a GitHub diff hunk with its markers, and a plain comment", () => {
    const hunk = `@@ -1,2 +1,3 @@\n import x from "y";\n+const token = "${TOKEN_A}";\n-const old = 1;`;
    expect(findSecretsInText("src/a.ts", hunk)).toEqual([{ value: TOKEN_A, label: "GitHub token" }]);
    expect(findSecretsInText("", `is ${AWS_KEY_ID} still live?`)).toEqual([{ value: AWS_KEY_ID, label: "AWS access key id" }]);
    expect(findSecretsInText("", "nothing secret here: const token = process.env.TOKEN")).toEqual([]);
  });
});

describe("redactSecrets and restoreSecrets", () => {
  const secrets: FoundSecret[] = [
    { value: TOKEN_A, label: "GitHub token" },
    { value: TOKEN_B, label: "GitHub token" },
    { value: AWS_KEY_ID, label: "AWS access key id" },
  ];

  it("replaces every occurrence in place, numbering a kind found twice, without touching lines or other text", () => {
    const text = [`1 + const a = "${TOKEN_A}";`, `2 + const b = "${TOKEN_B}"; // ${TOKEN_A}`, `3 + const id = "${AWS_KEY_ID}";`, "4 + export { a, b };"].join("\n");
    const redacted = redactSecrets(text, secrets);
    expect(redacted).toBe(
      [
        '1 + const a = "[secret removed: GitHub token #1]";',
        '2 + const b = "[secret removed: GitHub token #2]"; // [secret removed: GitHub token #1]',
        '3 + const id = "[secret removed: AWS access key id]";',
        "4 + export { a, b };",
      ].join("\n"),
    );
    expect(restoreSecrets(redacted, secrets)).toBe(text);
  });

  it("replaces the longer value first when one contains another", () => {
    const inner: FoundSecret[] = [
      { value: "Zq81xkP0wLm3vBn7", label: "credential" },
      { value: "prefix-Zq81xkP0wLm3vBn7-suffix", label: "JSON Web Token" },
    ];
    expect(redactSecrets("a=prefix-Zq81xkP0wLm3vBn7-suffix b=Zq81xkP0wLm3vBn7", inner)).toBe(
      "a=[secret removed: JSON Web Token] b=[secret removed: credential]",
    );
  });

  it("leaves text without secrets as it is", () => {
    expect(redactSecrets("no secret", [])).toBe("no secret");
    expect(restoreSecrets("no [secret] here", secrets)).toBe("no [secret] here");
  });
});

describe("withSecretsRedacted", () => {
  const secrets: FoundSecret[] = [{ value: TOKEN_A, label: "GitHub token" }];
  const line = `const a = "${TOKEN_A}";`;

  function recordingModel(seen: ModelRequest[], findings: unknown[]): ReviewModel {
    return {
      reportFindings: async (request) => (seen.push(request), { findings, usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 }, truncated: false }),
      explain: async (request) => (seen.push(request), { text: "ok", usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 } }),
    };
  }

  it("redacts the system prompt and the message of every call, and puts the value back in each finding's quote only", async () => {
    const seen: ModelRequest[] = [];
    const finding = { path: "src/a.ts", line: 1, quote: 'const a = "[secret removed: GitHub token]";', title: "token [secret removed: GitHub token]" };
    const model = withSecretsRedacted(recordingModel(seen, [finding, "not an object", { quote: 3 }]), secrets);
    const request = { model: "m", system: `instructions ${TOKEN_A}`, prompt: `1 + ${line}`, maxOutputTokens: 10 };

    const reply = await model.reportFindings(request);
    await model.explain(request);

    expect(seen.map((r) => [r.system, r.prompt])).toEqual([
      ["instructions [secret removed: GitHub token]", '1 + const a = "[secret removed: GitHub token]";'],
      ["instructions [secret removed: GitHub token]", '1 + const a = "[secret removed: GitHub token]";'],
    ]);
    expect(JSON.stringify(seen)).not.toContain(TOKEN_A);
    expect(reply.findings).toEqual([{ ...finding, quote: line }, "not an object", { quote: 3 }]);
  });

  it("is the model itself when nothing was found", () => {
    const model = recordingModel([], []);
    expect(withSecretsRedacted(model, [])).toBe(model);
  });
});
