import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/*
 * This module runs from eval/ (vitest) and from dist/eval/ (built), at different depths, so the
 * project root is found by walking up rather than by a fixed "..".
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "eval", "corpus"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const PROJECT_ROOT: string = findProjectRoot();
export const DEFAULT_CORPUS_DIR: string = path.join(PROJECT_ROOT, "eval", "corpus");
export const DEFAULT_CASSETTE_DIR: string = path.join(PROJECT_ROOT, "eval", "cassettes");
