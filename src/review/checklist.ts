/**
 * The reviewer's checklist lives in the agent prompt as Markdown, one item per line:
 *   - `sql-injection` — (security) what to look for …
 * Reading the ids back from the prompt keeps the prompt the single source of truth, so code
 * that checks a finding's `check_id` can never drift from what the model was told.
 */
import { CATEGORIES, type Category } from "./finding.js";

export interface CheckItem {
  id: string;
  category: Category;
}

/*
 * The category tag is required so that other backticked list items in the prompt (field names
 * in the output rules, for instance) are never mistaken for checks.
 */
const CHECK_LINE = new RegExp(
  `^[ \\t]*-[ \\t]+\`([a-z0-9]+(?:-[a-z0-9]+)*)\`[ \\t]+[—–-]+[ \\t]+\\((${CATEGORIES.join("|")})\\)`,
);

function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** Every checklist item in prompt order. Duplicates are kept so that callers can detect them. */
export function listChecks(prompt: string): CheckItem[] {
  const items: CheckItem[] = [];
  for (const line of prompt.split(/\r?\n/)) {
    const [, id, category] = CHECK_LINE.exec(line) ?? [];
    if (id !== undefined && category !== undefined && isCategory(category)) {
      items.push({ id, category });
    }
  }
  return items;
}

export function listCheckIds(prompt: string): string[] {
  return listChecks(prompt).map((item) => item.id);
}
