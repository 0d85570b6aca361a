import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without type declarations
import { ACTION_BUNDLE, buildAction } from "../../scripts/build-action.mjs";
import { BUNDLE } from "./action-harness.js";

describe("action/index.mjs", () => {
  it("is the bundle of the current sources (run `npm run build:action` and commit it when this fails)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "backend-review-bundle-"));
    try {
      const fresh = path.join(dir, "index.mjs");
      await (buildAction as (outfile: string) => Promise<void>)(fresh);
      const committed = readFileSync(BUNDLE, "utf8");
      const rebuilt = readFileSync(fresh, "utf8");
      // Compared as a boolean first: a failing toEqual on two 1.3 MB strings would flood the log.
      expect(rebuilt === committed, `${ACTION_BUNDLE as string} is out of date: run npm run build:action and commit it`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds the same bytes twice (deterministic, so the check above means something)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "backend-review-bundle-"));
    try {
      const build = buildAction as (outfile: string) => Promise<void>;
      await build(path.join(dir, "a.mjs"));
      await build(path.join(dir, "b.mjs"));
      expect(readFileSync(path.join(dir, "a.mjs")).equals(readFileSync(path.join(dir, "b.mjs")))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
