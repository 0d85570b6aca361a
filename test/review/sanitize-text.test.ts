import { describe, expect, it } from "vitest";
import { parseMarker } from "../../src/review/markers.js";
import { fenceFor, hasInvisible, sanitizeLine, sanitizeText } from "../../src/review/sanitize-text.js";

const WJ = "\u2060";
const clean = (text: string): string => sanitizeText(text, 10_000);

describe("sanitizeText: HTML", () => {
  it.each([
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["<details><summary>open me</summary>", "&lt;details&gt;&lt;summary&gt;open me&lt;/summary&gt;"],
    ["a && b", "a &amp;&amp; b"],
    ["&lt;script&gt;", "&amp;lt;script&amp;gt;"],
  ])("escapes %j outside code spans", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("turns a forged marker into visible text that parseMarker ignores", () => {
    const forged = "<!-- backend-review:finding fp=abcdef check=sql-injection -->";
    const out = clean(forged);
    expect(out).toBe("&lt;\\!-- backend-review:finding fp=abcdef check=sql-injection --&gt;");
    expect(parseMarker(out)).toBeUndefined();
  });

  it.each([
    ["Use a `Map<string, T>` here", "Use a `Map<string, T>` here"],
    ["``a ` <b>``", "``a ` <b>``"],
    ["`<!-- backend-review:review sha=abc -->`", "`<!-- backend-review:review sha=abc -->`"],
  ])("keeps code span %j verbatim", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("re-fences a code block with a fence of its own and never as a suggestion", () => {
    expect(clean("```suggestion\nrm -rf /\n```")).toBe("```\nrm -rf /\n```");
    expect(clean("```ts\nconst a = 1;\n```")).toBe("```ts\nconst a = 1;\n```");
    expect(clean("```js\nunclosed")).toBe("```js\nunclosed\n```");
    expect(clean("````\na ``` b\n````")).toBe("````\na ``` b\n````");
    expect(clean("```<img src=x>\ncode\n```")).toBe("```\ncode\n```");
  });

  it("does not let an unmatched backtick run pair with a later one to hide HTML", () => {
    // GitHub reads "``" as literal text here, so "<img>" would be raw HTML if kept verbatim.
    expect(clean("``<img src=x>`")).toBe("\\`\\`&lt;img src=x&gt;\\`");
    expect(clean("a ` b")).toBe("a \\` b");
  });

  it("escapes backslashes and tilde fences so prose cannot re-enable what is escaped", () => {
    expect(clean("C:\\temp")).toBe("C:\\\\temp");
    expect(clean("~~~suggestion\nrm -rf /\n~~~")).toBe("```\nrm -rf /\n```");
    // Inside a list a block fence would need the item's indentation: the code becomes one code span.
    expect(clean("- ~~~suggestion\n  rm -rf /\n  ~~~")).toBe("- `rm -rf /`");
    expect(clean("~~strike~~ and ~x")).toBe("\\~\\~strike\\~\\~ and \\~x");
  });
});

describe("sanitizeText: mentions", () => {
  it.each([
    ["ping @octocat", `ping @${WJ}octocat`],
    ["@org/team please look", `@${WJ}org/team please look`],
    ["(@octocat)", `(@${WJ}octocat)`],
    ["`x`@octocat", `\`x\`@${WJ}octocat`],
    ["see `@octocat", `see \\\`@${WJ}octocat`],
  ])("neutralises %j", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each(["mail a@b.com", "`@octocat`", "name@ @"])("leaves %j alone", (input) => {
    expect(clean(input)).toBe(input);
  });
});

describe("sanitizeText: images and links", () => {
  it.each([
    ["![x](https://evil.example/p.png)", "\\!x"],
    ["![diagram](https://owasp.org/a.png)", "\\![diagram](https://owasp.org/a.png)"],
    ["see [docs](https://evil.example/x)", "see docs"],
    ["see [docs](//evil.example/x)", "see docs"],
    ["[a](https://owasp.org.evil.example/)", "a"],
    ["[a](http://owasp.org/)", "a"],
    ["[[x](//a)](//evil.example)", "\\[x\\](//evil.example)"],
    ["[a [b] c](//evil.example)", "a \\[b\\] c"],
    ["[click](//evil.example/`x`)", "click"],
    ["[x](https://owasp.org/ \"title\")", "[x](https://owasp.org/)"],
    ["[x](<https://owasp.org/a b>)", "x"],
    ["[click][1]\n\n[1]: //evil.example", "\\[click\\]\\[1\\]\n\n\\[1\\]: //evil.example"],
  ])("reduces %j to text", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each([
    ["http://evil.example/x", "`http://evil.example/x`"],
    ["HTTPS://evil.example/x?a=1&b=2.", "`HTTPS://evil.example/x?a=1&b=2`."],
    ["visit www.evil.example now", "visit `www.evil.example` now"],
    ["<https://evil.example>", "&lt;`https://evil.example`&gt;"],
    ["https://owasp.org@evil.example/", "`https://owasp.org@evil.example/`"],
    ["see ` http://evil.example/x", "see \\` `http://evil.example/x`"],
    ["[https://evil.example](https://owasp.org/)", "[`https://evil.example`](https://owasp.org/)"],
  ])("makes bare URL %j non-clickable", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it.each([
    "[CWE-89](https://cwe.mitre.org/data/definitions/89.html)",
    "https://owasp.org/Top10/A03_2021-Injection/",
    "[cheat sheet](https://cheatsheetseries.owasp.org/cheatsheets/Injection_Prevention_Cheat_Sheet.html)",
  ])("keeps allow-listed https link %j", (input) => {
    expect(clean(input)).toBe(input);
  });
});

describe("sanitizeText: invisible characters", () => {
  it("removes bidi controls, zero-width characters and tag characters, in prose and code", () => {
    const hidden = "a\u202Eb\u200Bc\u2066d\u2069e\uFEFFf\u061Cg\u{E0041}h `i\u202Ej`";
    expect(clean(hidden)).toBe("abcdefgh `ij`");
    expect(hasInvisible(hidden)).toBe(true);
    expect(hasInvisible("plain `code` é 🔴")).toBe(false);
  });
});

describe("sanitizeText: length", () => {
  it("keeps text that fits and cuts the rest with an ellipsis", () => {
    expect(sanitizeText("a".repeat(10), 10)).toBe("a".repeat(10));
    expect(sanitizeText("a".repeat(50), 10)).toBe(`${"a".repeat(9)}…`);
  });

  it("drops a code span that does not fit instead of exposing its content as prose", () => {
    const text = "``a`` ``<img src=x onerror=y>`` tail";
    expect(sanitizeText(text, 30)).toBe("``a`` …");
    expect(sanitizeText("xx `<b>` yy", 6)).toBe("xx …");
  });

  it("cuts prose before sanitizing it, so a cut URL stays non-clickable", () => {
    expect(sanitizeText("see http://evil.example/very/long/path", 20)).toBe("see `http://evil.e`…");
  });

  it("never splits a surrogate pair", () => {
    expect(sanitizeText("🔴".repeat(10), 6)).toBe("🔴🔴…");
  });

  it("stays within the cap and never exposes hostile text at any cut", () => {
    const hostile = "``a`` ``<img src=x>`` [x](//evil) `@octocat` @octocat http://evil.example ![i](https://evil/p.png) & <b>";
    for (let cap = 1; cap <= hostile.length + 5; cap += 1) {
      const out = sanitizeText(hostile, cap);
      expect(out.length).toBeLessThanOrEqual(cap);
      expect(out.replace("``<img src=x>``", "")).not.toMatch(/<|(?<!\\)\]\(|http:\/\/evil\.example(?!`)|(?<!`)@octocat/);
    }
  });
});

describe("sanitizeText: issue references", () => {
  // "#123" is not a heading and GitHub links it to this repository's own issue: not a safety
  // concern. The escape only keeps a line from starting with a bare "#".
  it("escapes a number sign at a line start and leaves others", () => {
    expect(clean("#123 is related\nsee #7")).toBe("\\#123 is related\nsee #7");
  });
});

describe("sanitizeLine", () => {
  it("joins lines, including a lone carriage return", () => {
    expect(sanitizeLine("SQL built\n  from input\r===", 200)).toBe("SQL built from input ===");
  });
});

describe("fenceFor", () => {
  it.each([
    ["no ticks", "```"],
    ["a ``` b", "````"],
    ["`````", "``````"],
    ["x `y` ``z``", "```"],
  ])("fences %j with %j", (input, expected) => {
    expect(fenceFor(input)).toBe(expected);
  });
});
