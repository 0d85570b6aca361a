import { lstat, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { MAX_CONTEXT_FILE_BYTES } from "../github/get-file-contents.js";
import { GitFailure, type Git } from "./git.js";

/** Reads files' text by path for the context around hunks; paths it cannot read are left out. */
export type HeadFilesReader = (paths: readonly string[]) => Promise<Map<string, string>>;

/** git processes (or file reads) at once: enough to hide latency, few enough for a laptop. */
const CONCURRENCY = 8;

/** Files as committed at `commit`, read with git (`git cat-file blob <commit>:<path>`). */
export function commitFilesReader(git: Git, commit: string): HeadFilesReader {
  return (paths) =>
    readAll(paths, async (file) => {
      try {
        const size = Number((await git(["cat-file", "-s", `${commit}:${file}`])).trim());
        if (!(size <= MAX_CONTEXT_FILE_BYTES)) return undefined;
        return await git(["cat-file", "blob", `${commit}:${file}`]);
      } catch (error) {
        if (error instanceof GitFailure) return undefined; // not in that commit (removed, a submodule)
        throw error;
      }
    });
}

/**
 * Files as they are in the working tree under `root` (uncommitted changes included). A path that
 * leaves the root, or a symbolic link (which could point anywhere, e.g. at a credentials file), is
 * not read: what is read here is sent to the model provider.
 */
export function workingTreeFilesReader(root: string): HeadFilesReader {
  return (paths) =>
    readAll(paths, async (file) => {
      try {
        const base = await realpath(root);
        const full = path.resolve(base, file);
        // Symbolic links, of the file or of a directory on its way, are not followed out of the tree.
        if (!inside(base, full) || !inside(base, await realpath(full))) return undefined;
        const info = await lstat(full);
        if (!info.isFile() || info.size > MAX_CONTEXT_FILE_BYTES) return undefined;
        return await readFile(full, "utf8");
      } catch {
        return undefined; // gone from the working tree: the review shows the hunks alone
      }
    });
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

async function readAll(paths: readonly string[], read: (file: string) => Promise<string | undefined>): Promise<Map<string, string>> {
  const limit = pLimit(CONCURRENCY);
  const texts = await Promise.all(paths.map((file) => limit(() => read(file))));
  const files = new Map<string, string>();
  paths.forEach((file, i) => {
    const text = texts[i];
    if (text !== undefined && !text.includes("\u0000")) files.set(file, text);
  });
  return files;
}
