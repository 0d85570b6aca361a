import { describe, expect, it } from "vitest";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { locateQuote } from "../../src/review/locate-quote.js";
import { cleanPath, resolvePath } from "../../src/review/resolve-path.js";

/** New-file lines 18-26 of a route file: the query is built on 21 and run on 22. */
const ROUTE = buildLineIndex(
  parsePatch(
    [
      "@@ -18,5 +18,9 @@ router.get('/users/:id', async (req, res) => {",
      "   const id = req.params.id;",
      "   // look the user up",
      "-  const rows = await db.query('SELECT * FROM users WHERE id = $1', [id]);",
      "+  const q = `SELECT * FROM users WHERE id = ${id}`;",
      "+  const rows = await db.query(q);",
      "+  if (rows.length === 0) {",
      "+    return res.status(404).end();",
      "+  }",
      "   res.json(rows[0]);",
      " });",
    ].join("\n"),
  ).hunks,
);
const Q = "  const q = `SELECT * FROM users WHERE id = ${id}`;";

describe("locateQuote: quotes as models copy them", () => {
  it("sanity: the fixture's lines", () => {
    expect(ROUTE.lines()).toEqual([18, 19, 20, 21, 22, 23, 24, 25, 26]);
    expect(ROUTE.contentAt(20)).toBe(Q);
  });

  it.each([
    { why: "verbatim", quote: Q, reported: 20, want: 20 },
    { why: "verbatim, reported two lines low", quote: Q, reported: 22, want: 20 },
    { why: "with the diff's + marker", quote: `+${Q}`, reported: 23, want: 20 },
    { why: "with the marker and a space, as the prompt prints it", quote: `+ ${Q}`, reported: 23, want: 20 },
    { why: "with the printed line number and a colon", quote: `20: ${Q.trim()}`, reported: 23, want: 20 },
    { why: "with the prompt's number column and marker", quote: `20 + ${Q}`, reported: 23, want: 20 },
    { why: "with an L-prefixed number", quote: `L20: ${Q.trim()}`, reported: 24, want: 20 },
    { why: "with no usable reported line", quote: Q, reported: undefined, want: 20 },
    { why: "part of the reported line", quote: "db.query(q)", reported: 21, want: 21 },
  ])("$why → line $want", ({ quote, reported, want }) => {
    expect(locateQuote(quote, reported, ROUTE)?.line).toBe(want);
  });

  it("keeps a right reported line whose quote starts one line early", () => {
    const quote = ["  // look the user up", Q].join("\n");
    expect(locateQuote(quote, 20, ROUTE)).toEqual({ line: 20, exact: false, how: "reported line" });
  });

  it("places a multi-line quote as a block when the reported line is wrong", () => {
    const quote = [`+${Q}`, "+  const rows = await db.query(q);"].join("\n");
    expect(locateQuote(quote, 25, ROUTE)).toEqual({ line: 20, exact: false, how: "quote" });
  });

  it("does not move a right reported line to a look-alike elsewhere", () => {
    expect(locateQuote("  return res.status(404).end();", 23, ROUTE)).toEqual({ line: 23, exact: true, how: "reported line" });
  });

  it("is exact only when the line is the quote, so a suggestion replaces what the model saw", () => {
    expect(locateQuote(`+ ${Q}`, 20, ROUTE)?.exact).toBe(true);
    expect(locateQuote("db.query(q)", 21, ROUTE)?.exact).toBe(false);
  });

  it("finds nothing without a usable line or a quote in the diff", () => {
    expect(locateQuote("  await audit(req);", undefined, ROUTE)).toBeUndefined();
    expect(locateQuote("", 0, ROUTE)).toBeUndefined();
  });
});

describe("resolvePath: paths as models write them", () => {
  const FILES = ["src/routes/users.js", "src/routes/Orders.js", "lib/db.js", "api/db.js"];

  it.each([
    { given: "src/routes/users.js", want: "src/routes/users.js" },
    { given: "./src/routes/users.js", want: "src/routes/users.js" },
    { given: "b/src/routes/users.js", want: "src/routes/users.js" },
    { given: "a/src/routes/users.js", want: "src/routes/users.js" },
    { given: "/src/routes/users.js", want: "src/routes/users.js" },
    { given: "`src/routes/users.js`", want: "src/routes/users.js" },
    { given: "src\\routes\\users.js", want: "src/routes/users.js" },
    { given: "SRC/Routes/Users.js", want: "src/routes/users.js" },
    { given: "src/routes/orders.js", want: "src/routes/Orders.js" },
    { given: "users.js", want: "src/routes/users.js" },
    { given: "routes/users.js", want: "src/routes/users.js" },
    { given: "acme-api/src/routes/users.js", want: "src/routes/users.js" },
    { given: "db.js", want: undefined },
    { given: "ers.js", want: undefined },
    { given: ".github/workflows/ci.yml", want: undefined },
    { given: "", want: undefined },
  ])("$given → $want", ({ given, want }) => {
    expect(resolvePath(given, FILES)).toBe(want);
  });

  it("strips nested prefixes but keeps a real directory named a or b", () => {
    expect(cleanPath("./b/src/x.js")).toBe("src/x.js");
    expect(resolvePath("a/b.js", ["a/b.js"])).toBe("a/b.js");
  });
});
