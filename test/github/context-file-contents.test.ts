import { validate } from "@octokit/graphql-schema";
import { describe, expect, it } from "vitest";
import { buildFileContentsQuery, getFileContents, MAX_CONTEXT_FILE_BYTES } from "../../src/github/get-file-contents.js";

type Variables = Record<string, string>;
type Blob = { text: string | null; byteSize: number; isBinary: boolean | null; isTruncated: boolean } | null;

/** A GraphQL client that answers from `blobs` by "sha:path" and records every query's variables. */
function fakeOctokit(blobs: Readonly<Record<string, Blob>>, calls: Variables[] = [], fail?: (variables: Variables) => unknown) {
  return {
    calls,
    graphql: (async (query: string, variables: Variables) => {
      expect(validate(query)).toEqual([]);
      calls.push(variables);
      const failure = fail?.(variables);
      if (failure) throw failure;
      const repository: Record<string, Blob> = {};
      for (const [name, expression] of Object.entries(variables)) {
        if (/^e\d+$/.test(name)) repository[`f${name.slice(1)}`] = blobs[expression] ?? null;
      }
      return { repository };
    }) as never,
  };
}

const blob = (text: string, extra: Partial<NonNullable<Blob>> = {}): Blob => ({ text, byteSize: text.length, isBinary: false, isTruncated: false, ...extra });
const REF = { owner: "acme", repo: "api", sha: "abc123" };

describe("getFileContents: the head files in one GraphQL query per 50", () => {
  it("asks for 120 files in three queries of 50, 50 and 20, with the paths as variables", async () => {
    const paths = Array.from({ length: 120 }, (_, i) => `src/f${i}.ts`);
    const octokit = fakeOctokit(Object.fromEntries(paths.map((p) => [`abc123:${p}`, blob(`// ${p}\n`)])));

    const files = await getFileContents(octokit, REF, paths);

    expect(octokit.calls.map((v) => Object.keys(v).filter((k) => k.startsWith("e")).length)).toEqual([50, 50, 20]);
    expect(octokit.calls[2]).toMatchObject({ owner: "acme", repo: "api", e0: "abc123:src/f100.ts" });
    expect(files.size).toBe(120);
    expect(files.get("src/f119.ts")).toBe("// src/f119.ts\n");
  });

  it("leaves out missing, binary, truncated and oversized files", async () => {
    const octokit = fakeOctokit({
      "abc123:a.ts": blob("ok\n"),
      "abc123:logo.png": blob("", { text: null, isBinary: true }),
      "abc123:big.sql": blob("x", { byteSize: MAX_CONTEXT_FILE_BYTES + 1 }),
      "abc123:cut.ts": blob("partial", { isTruncated: true }),
    });

    const files = await getFileContents(octokit, REF, ["a.ts", "gone.ts", "logo.png", "big.sql", "cut.ts"]);

    expect([...files.keys()]).toEqual(["a.ts"]);
  });

  it("keeps what an answer with errors still holds, and rethrows a failure without data", async () => {
    const partial = Object.assign(new Error("Something went wrong"), { data: { repository: { f0: blob("kept\n"), f1: null } } });
    const withData = fakeOctokit({}, [], () => partial);
    expect(await getFileContents(withData, REF, ["a.ts", "b.ts"])).toEqual(new Map([["a.ts", "kept\n"]]));

    const down = fakeOctokit({}, [], () => Object.assign(new Error("Bad gateway"), { status: 502 }));
    await expect(getFileContents(down, REF, ["a.ts"])).rejects.toThrow("Bad gateway");
  });

  it("is a valid query against GitHub's schema for one file and for a full batch", () => {
    expect(validate(buildFileContentsQuery(1))).toEqual([]);
    expect(validate(buildFileContentsQuery(50))).toEqual([]);
  });
});
