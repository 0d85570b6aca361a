import { composeConfigGet, type createPullRequest } from "@probot/octokit-plugin-config";
import type { Octokit } from "@octokit/core";
import { locateYamlKey } from "../config/locate-yaml-key.js";
import { mergeConfigs } from "../config/merge-configs.js";
import { CONFIG_PATH, type RepoConfig } from "../config/repo-config-schema.js";
import { validateRepoConfig, type ConfigProblem } from "../config/validate-repo-config.js";

export type RepoConfigResult =
  | { ok: true; config: RepoConfig; /** The files merged, base first, e.g. `acme/.github:.github/backend-review.yml`. */ sources?: string[] }
  | { ok: false; problems: ConfigProblem[] };

type ConfigFile = createPullRequest.ConfigFile;
type RequestClient = Pick<Octokit, "request">;

/**
 * Reads `.github/backend-review.yml` the way Probot does (the repository's file, else the org's
 * `.github` repository, following `_extends`), always from the default branch: the branch of a
 * pull request must never be able to weaken its own review.
 */
export async function loadRepoConfig(octokit: RequestClient, owner: string, repo: string, path: string = CONFIG_PATH): Promise<RepoConfigResult> {
  let files: ConfigFile[];
  let merged: Record<string, unknown>;
  try {
    const result = await composeConfigGet(octokit as Octokit, {
      owner,
      repo,
      path,
      defaults: (configs: unknown[]) => mergeConfigs(configs),
    });
    files = result.files;
    merged = result.config;
  } catch (error) {
    const problem = unreadableFile(error, path);
    if (problem) return { ok: false, problems: [problem] };
    throw error;
  }
  const validation = validateRepoConfig(merged);
  if (validation.ok) return { ...validation, sources: files.filter((f) => f.config !== null).map((f) => `${f.owner}/${f.repo}:${f.path}`).reverse() };
  return { ok: false, problems: await locateProblems(octokit, validation.problems, files) };
}

/** The plugin's own errors for YAML that does not parse or a bad `_extends`: the user's to fix. */
function unreadableFile(error: unknown, path: string): ConfigProblem | undefined {
  if (!(error instanceof Error) || !error.message.startsWith("[@probot/octokit-plugin-config]")) return undefined;
  const cause = error.cause as { message?: string; linePos?: { line: number }[] } | undefined;
  const url = /from (\S+)/.exec(error.message)?.[1] ?? /in (\S+)/.exec(error.message)?.[1];
  const message = cause?.message
    ? `is not valid YAML: ${cause.message.split("\n")[0]}`
    : error.message.replace("[@probot/octokit-plugin-config] ", "").replace(/ \S+\/contents\/\S+/, "");
  return { key: "(file)", message, file: url ? fileLabel(url) : path, line: cause?.linePos?.[0]?.line };
}

/** Points each problem at the file that set the key, with its line; only paid for when invalid. */
async function locateProblems(octokit: RequestClient, problems: ConfigProblem[], files: ConfigFile[]): Promise<ConfigProblem[]> {
  const present = files.filter((f) => f.config !== null);
  const texts = new Map<ConfigFile, string | undefined>();
  const located: ConfigProblem[] = [];
  for (const problem of problems) {
    const top = problem.key.split(".")[0] ?? "";
    const file = present.find((f) => f.config && top in f.config) ?? present[0];
    if (!file) {
      located.push(problem);
      continue;
    }
    if (!texts.has(file)) texts.set(file, await rawText(octokit, file));
    const text = texts.get(file);
    located.push({ ...problem, file: `${file.owner}/${file.repo}:${file.path}`, line: text ? locateYamlKey(text, problem.key) : undefined });
  }
  // In file order, so the table reads top to bottom like the file being fixed.
  return located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

async function rawText(octokit: RequestClient, file: ConfigFile): Promise<string | undefined> {
  try {
    const response = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: file.owner,
      repo: file.repo,
      path: file.path,
      mediaType: { format: "raw" },
    });
    return typeof response.data === "string" ? response.data : undefined;
  } catch {
    return undefined; // the line number is a convenience; the problem itself is still reported
  }
}

function fileLabel(url: string): string {
  const match = /\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url);
  return match ? `${match[1]}/${match[2]}:${decodeURIComponent(match[3] ?? "")}` : url;
}
