import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/**
 * Loads `.env` from the working directory the way Probot's `run()` does (its values win over the
 * environment), but before our start-up checks, so credentials that Probot's set-up flow wrote to
 * `.env` are seen by them too.
 */
export function applyDotenv(cwd: string = process.cwd()): void {
  let text: string;
  try {
    text = readFileSync(path.join(cwd, ".env"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  Object.assign(process.env, parseEnv(text));
}
