import type { Octokit } from "@octokit/core";

type RequestClient = Pick<Octokit, "request">;

const CONTENTS = "/repos/{owner}/{repo}/contents/{path}";

/**
 * An Octokit client whose raw reads of files at the default branch (`GET …/contents/{path}` without
 * `ref`) are answered from `files` when they were read already, keyed `owner/repo:path`: the text,
 * or 404 for null. Every other request goes to GitHub. So the configuration plugin follows its own
 * rules (the org's `.github` fallback, `_extends`) without asking again for what one query returned.
 */
export function withPrefetchedFiles(octokit: RequestClient, files: ReadonlyMap<string, string | null>): RequestClient {
  const { request } = octokit;
  // Its overloads cannot be called with a union of their argument types: one untyped view of it.
  const send = request as unknown as (route: unknown, parameters?: unknown) => Promise<unknown>;
  const answer = (route: string | Record<string, unknown>, parameters?: Record<string, unknown>) => {
    const options: Record<string, unknown> = typeof route === "string" ? { ...parameters, ...splitRoute(route) } : route;
    const key = `${String(options.owner)}/${String(options.repo)}:${String(options.path)}`;
    const raw = (options.mediaType as { format?: string } | undefined)?.format === "raw";
    if (options.method !== "GET" || options.url !== CONTENTS || options.ref !== undefined || !raw || !files.has(key)) {
      return send(route, parameters);
    }
    const text = files.get(key);
    if (text === null || text === undefined) return Promise.reject(Object.assign(new Error(`Not Found (${key}, read with the pull request)`), { status: 404 }));
    return Promise.resolve({ status: 200, url: CONTENTS, headers: { "content-type": "text/plain; charset=utf-8" }, data: text });
  };
  // Octokit's `request` is an overloaded generic function with `endpoint` and `defaults` on it;
  // this one keeps those and answers the same calls, which its type cannot express.
  return { request: Object.assign(answer, { endpoint: request.endpoint, defaults: request.defaults }) as unknown as Octokit["request"] };
}

function splitRoute(route: string): { method: string; url: string } {
  const [method = "GET", url = ""] = route.includes(" ") ? route.split(" ") : ["GET", route];
  return { method: method.toUpperCase(), url };
}
