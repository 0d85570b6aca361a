import { CliError } from "./cli-error.js";

export interface PrTarget {
  owner: string;
  repo: string;
  pullNumber: number;
}

const SHORT_FORM = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)#([1-9]\d*)$/;
const URL_FORM = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/pull\/([1-9]\d*)(?:[/?#].*)?$/;

/** `owner/repo#42`, or the pull request's address as a browser shows it (GitHub Enterprise too). */
export function parsePrTarget(text: string): PrTarget {
  const match = SHORT_FORM.exec(text.trim()) ?? URL_FORM.exec(text.trim());
  const [, owner, repo, number] = match ?? [];
  if (owner === undefined || repo === undefined || number === undefined) {
    throw new CliError(`the pull request must be written owner/repo#number (e.g. acme/api#42) or as its URL; found ${JSON.stringify(text)}`);
  }
  return { owner, repo, pullNumber: Number(number) };
}
