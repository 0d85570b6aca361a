/**
 * Model prose decided on the Markdown tree: the constructs a hand-written sanitiser tends to miss,
 * and a property that the output, read back by the same GFM parser GitHub follows, holds no HTML,
 * no image, no mention and no link outside the allow-list.
 */
import fc from "fast-check";
import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { MAX_NESTING, parseMarkdown } from "../../src/review/parse-markdown.js";
import { sanitizeText } from "../../src/review/sanitize-text.js";

const WJ = "\u2060";
const clean = (text: string): string => sanitizeText(text, 10_000);

describe("sanitizeText: Markdown edge cases", () => {
  it.each([
    ["an inline HTML comment", "before <!-- @octocat [x](https://evil.example) --> after", `before &lt;\\!-- @${WJ}octocat \\[x\\](\`https://evil.example\`) --&gt; after`],
    ["an HTML comment block", "<!--\nhidden\n-->\nshown", "&lt;\\!--\nhidden\n--&gt;\nshown"],
    ["an HTML block", "<div>\n<img src=x onerror=y>\n</div>", "&lt;div&gt;\n&lt;img src=x onerror=y&gt;\n&lt;/div&gt;"],
    ["an attribute URL in HTML", '<a href="https://evil.example">x</a>', '&lt;a href="`https://evil.example"`&gt;x&lt;/a&gt;'],
    ["a setext heading", "Title\n===", "Title\n==="],
    ["a setext heading holding a link", "[x](//evil.example)\n---", "x\n---"],
    ["a link reference definition", "[docs]\n\n[docs]: https://evil.example", "\\[docs\\]\n\n\\[docs\\]: `https://evil.example`"],
    ["a full reference", "[docs][d]\n\n[d]: <https://evil.example> \"t\"", '\\[docs\\]\\[d\\]\n\n\\[d\\]: &lt;`https://evil.example`&gt; "t"'],
    ["an allowed autolink", "<https://owasp.org/Top10/>", "<https://owasp.org/Top10/>"],
    ["a foreign autolink", "<https://evil.example/>", "&lt;`https://evil.example/`&gt;"],
    ["an email autolink", "<a@evil.example>", "&lt;a@evil.example&gt;"],
    ["a www autolink", "see www.owasp.org", "see `www.owasp.org`"],
    ["a blockquote nested in a list", "- item\n  > [x](https://evil.example) @octocat\n  > <img src=x>", `- item\n  &gt; x @${WJ}octocat\n  &gt; &lt;img src=x&gt;`],
    ["a tilde fence", "~~~\n<b>code</b>\n~~~", "```\n<b>code</b>\n```"],
    ["an entity-encoded mention", "&#64;octocat and &commat;octocat", "&amp;#64;octocat and &amp;commat;octocat"],
    ["an entity-encoded link target", "[x](https&#58;//evil.example)", "x"],
    ["an image inside an allowed link", "[![a](https://evil.example/p.png)](https://owasp.org/)", "[\\!a](https://owasp.org/)"],
    ["a footnote", "See[^1].\n\n[^1]: https://evil.example", "See\\[^1\\].\n\n\\[^1\\]: `https://evil.example`"],
    ["a table", "| a | b |\n|---|---|\n| `x` | [l](//evil) |", "\\| a \\| b \\|\n\\|---\\|---\\|\n\\| `x` \\| l \\|"],
    ["a task list", "- [ ] check ids", "- \\[ \\] check ids"],
    ["a hard break", "line one\\\nline two", "line one\\\nline two"],
  ])("%s", (_label, input, expected) => {
    expect(clean(input)).toBe(expected);
  });
});

describe("sanitizeText: bounds", () => {
  it("escapes everything in text nested too deeply to parse quickly", () => {
    const deep = `${"> ".repeat(MAX_NESTING + 1)}\`<b>\` [x](https://owasp.org/)`;
    expect(clean(deep)).toBe(`${"&gt; ".repeat(MAX_NESTING + 1)}\\\`&lt;b&gt;\\\` \\[x\\](\`https://owasp.org/\`)`);
  });

  it("does not read text far past the limit, and says it was cut", () => {
    const long = `${"a".repeat(50)}[x](//evil.example)`.repeat(100);
    const out = sanitizeText(long, 60);
    expect(out).toBe(`${"a".repeat(50)}x${"a".repeat(8)}…`);
  });
});

/** Every node of the tree, depth first. */
function nodesOf(node: Nodes): Nodes[] {
  return [node, ...("children" in node ? node.children.flatMap(nodesOf) : [])];
}

const ALLOWED = /^https:\/\/(?:cwe\.mitre\.org|owasp\.org|cheatsheetseries\.owasp\.org|nvd\.nist\.gov|cve\.mitre\.org|developer\.mozilla\.org)\//;

const FRAGMENTS = [
  "<!-- x -->", "<!--", "-->", "<img src=x>", "<details>", "</div>", "@octocat", "&#64;a", "[x](https://evil.example/)", "[y](https://owasp.org/a)",
  "![i](https://evil.example/p.png)", "<https://evil.example>", "https://evil.example/p", "www.evil.example", "`", "``", "```", "~~~", "> ", "- ", "1. ",
  "#", "===", "---", "[r]", "[r]: https://evil.example", "[^1]", "|", "\\", "*", "_", "\n", "\n\n", "  ", "text", "a@b.co", ":", "(", ")", "]", "[",
];

describe("sanitizeText: the output read back as GitHub reads it", () => {
  it("holds no HTML, image, mention or link outside the allow-list, at any length", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }), fc.integer({ min: 1, max: 300 }), (parts, cap) => {
        const out = sanitizeText(parts.join(""), cap);
        expect(out.length).toBeLessThanOrEqual(cap);
        const nodes = nodesOf(parseMarkdown(out));
        // A mention is an @ with no word character before it, anywhere outside code.
        const code = nodes.filter((n) => n.type === "inlineCode" || n.type === "code").map((n) => [n.position?.start.offset ?? 0, n.position?.end.offset ?? 0]);
        for (const m of out.matchAll(/(?<![\w\u2060])@[A-Za-z0-9]/g)) {
          expect(code.some(([from = 0, to = 0]) => m.index >= from && m.index < to), JSON.stringify(out)).toBe(true);
        }
        for (const node of nodes) {
          expect(["html", "image", "imageReference", "definition", "footnoteDefinition"]).not.toContain(node.type);
          // An e-mail address is linked by GitHub whatever we do, and harmlessly.
          if (node.type === "link") expect(node.url).toMatch(node.url.startsWith("mailto:") ? /^mailto:/ : ALLOWED);
          if (node.type === "code") expect(node.lang ?? "").not.toMatch(/suggestion/i);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
