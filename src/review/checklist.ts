/**
 * The reviewer's checklist lives in the agent prompt as Markdown, one item per line:
 *   - `sql-injection` — (security; CWE-89) what to look for …
 * Reading the ids back from the prompt keeps the prompt the single source of truth, so code
 * that checks a finding's `check_id` (or maps a CWE id to a check) can never drift from what
 * the model was told. The CWE ids are optional: a check with no fitting weakness has none.
 */
import { CATEGORIES, type Category } from "./finding.js";

export interface CheckItem {
  id: string;
  category: Category;
  /** CWE numbers this check covers, most specific first (`[89]` for sql-injection). */
  cwes: number[];
  /** What the checklist line says to look for, as written in the prompt. */
  description: string;
}

/*
 * The category tag is required so that other backticked list items in the prompt (field names
 * in the output rules, for instance) are never mistaken for checks.
 */
const CHECK_LINE = new RegExp(
  `^[ \\t]*-[ \\t]+\`([a-z0-9]+(?:-[a-z0-9]+)*)\`[ \\t]+[—–-]+[ \\t]+\\((${CATEGORIES.join("|")})((?:[;,][ \\t]*CWE-\\d+)*)\\)[ \\t]*(.*)$`,
);

function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** Every checklist item in prompt order. Duplicates are kept so that callers can detect them. */
export function listChecks(prompt: string): CheckItem[] {
  const items: CheckItem[] = [];
  for (const line of prompt.split(/\r?\n/)) {
    const [, id, category, cweList = "", description = ""] = CHECK_LINE.exec(line) ?? [];
    if (id !== undefined && category !== undefined && isCategory(category)) {
      const cwes = [...cweList.matchAll(/CWE-(\d+)/g)].map((m) => Number(m[1]));
      items.push({ id, category, cwes, description: description.trim() });
    }
  }
  return items;
}

export function listCheckIds(prompt: string): string[] {
  return listChecks(prompt).map((item) => item.id);
}

/** CWE number → the first check that names it, for findings that arrive as `CWE-89`. */
export function buildCweIndex(checks: readonly CheckItem[]): ReadonlyMap<number, string> {
  const index = new Map<number, string>();
  for (const check of checks) {
    for (const cwe of check.cwes) if (!index.has(cwe)) index.set(cwe, check.id);
  }
  return index;
}
