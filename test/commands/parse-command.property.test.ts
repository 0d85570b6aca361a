import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { parseCommand } from "../../src/commands/parse-command.js";

const SLUG = "backend-review";
const RUNS = { numRuns: 400 };

/** Ways of writing the command that would run it if they stood at top level. */
const COMMAND = fc.constantFrom("/review", "/review full", "/REVIEW help", "/review explain why?", "  /review", `@${SLUG} review`, `@${SLUG}[bot] review full`);
/** One line of prose; it starts with a letter so it is never a command, quote, fence or indented code. */
const prose = fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => `w${s.replace(/[\r\n]/g, " ")}`);
const indent = fc.constantFrom("", " ", "  ", "   ");

// Blocks are separated by blank lines, so no line is a lazy continuation of the block before it.
const paragraph = fc.array(prose, { minLength: 1, maxLength: 3 });

const quote = fc.array(
  fc.tuple(indent, fc.constantFrom(">", "> ", ">> ", "> > "), fc.oneof(COMMAND, prose, fc.constantFrom("```", ""))).map((parts) => parts.join("")),
  { minLength: 1, maxLength: 4 },
);

interface Fence {
  char: "`" | "~";
  length: number;
}

/** Lines that look like a fence but, by CommonMark, do not close `f`: content of the block. */
function notClosing(f: Fence): fc.Arbitrary<string> {
  const other = f.char === "`" ? "~" : "`";
  return fc.oneof(
    fc.constant(f.char.repeat(f.length - 1)), // too short
    fc.constant(other.repeat(f.length + 1)), // other character
    fc.constantFrom("js", " yaml", "sh title=x").map((info) => f.char.repeat(f.length) + info), // info string
    fc.constant(`    ${f.char.repeat(f.length)}`), // indented four spaces
  );
}

const fenced = (closed: boolean): fc.Arbitrary<string[]> =>
  fc
    .record({ char: fc.constantFrom<"`" | "~">("`", "~"), length: fc.integer({ min: 3, max: 5 }) })
    .chain((f) =>
      fc.tuple(
        indent,
        fc.constantFrom("", "md", " text"),
        fc.array(fc.oneof(COMMAND, prose, notClosing(f), fc.constant("")), { maxLength: 6 }),
        indent,
        fc.constantFrom("", "  ", f.char),
      ).map(([open, info, body, close, tail]) => {
        const fence = f.char.repeat(f.length);
        return [`${open}${fence}${info}`, ...body, ...(closed ? [`${close}${fence}${tail}`] : [])];
      }),
    );

const noise = fc.array(fc.oneof(paragraph, quote, fenced(true)), { maxLength: 4 });
const eol = fc.constantFrom("\n", "\r\n");
const join = (blocks: string[][], nl: string): string => blocks.map((b) => b.join(nl)).join(nl + nl);

describe("parseCommand properties", () => {
  it("never throws, whatever the body", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ maxLength: 40 }), (body, slug) => {
        parseCommand(body, slug);
        parseCommand(`/review ${body}`, slug);
      }),
      RUNS,
    );
  });

  it("never runs a command that is only quoted or inside a fenced block", () => {
    fc.assert(
      fc.property(noise, fc.option(fenced(false), { nil: undefined }), eol, (blocks, unclosed, nl) => {
        const body = join(unclosed === undefined ? blocks : [...blocks, unclosed], nl);
        expect(parseCommand(body, SLUG)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it("runs a command written at top level, wherever it stands among other blocks", () => {
    fc.assert(
      fc.property(noise, noise, COMMAND, eol, (before, after, command, nl) => {
        const body = join([...before, [command], ...after], nl);
        expect(parseCommand(body, SLUG)).toEqual(parseCommand(command, SLUG));
        expect(parseCommand(command, SLUG)).toBeDefined();
      }),
      RUNS,
    );
  });
});
