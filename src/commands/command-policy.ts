import type { RepoConfig } from "../config/repo-config-schema.js";

/** Repository roles as GitHub's collaborator permission API names them. */
const WRITE_ROLES: ReadonlySet<string> = new Set(["admin", "maintain", "write"]);

export interface Requester {
  login: string;
  /** From `GET /repos/{o}/{r}/collaborators/{user}/permission`; "none" for strangers. */
  permission: string;
  isAuthor: boolean;
}

/**
 * Whether someone may run a command that spends money. Dismissing a finding never follows
 * `anyone`: silencing a security finding needs write access.
 */
export function mayRun(kind: "paid" | "dismiss", allowed: RepoConfig["commands"]["allowed"], who: Requester): boolean {
  const canWrite = WRITE_ROLES.has(who.permission);
  if (kind === "dismiss") return canWrite;
  if (allowed === "anyone") return true;
  if (allowed === "author_or_write") return canWrite || who.isAuthor;
  return canWrite;
}

export function describePolicy(allowed: RepoConfig["commands"]["allowed"]): string {
  if (allowed === "anyone") return "anyone who can comment";
  if (allowed === "author_or_write") return "the pull request's author and people with write access";
  return "people with write access to the repository";
}
