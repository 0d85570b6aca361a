import type { ReviewSettings } from "../review/review-settings.js";
import type { ReviewPlan } from "./plan-review.js";
import { estimateCost, priceOf, type CostEstimate, type ModelPrice } from "./price-table.js";
import { count, textTable, usd } from "./text-table.js";
import { terminalSafe } from "./terminal-safe.js";

type CostSettings = Pick<ReviewSettings, "concurrency" | "maxOutputTokens">;

function costOf(plan: ReviewPlan, settings: CostSettings): { price: ModelPrice; cost: CostEstimate } | undefined {
  const price = priceOf(plan.model);
  if (!price) return undefined;
  const cost = estimateCost(price, {
    systemTokens: plan.systemTokens,
    callTokens: plan.calls.map((c) => c.tokens),
    concurrency: settings.concurrency,
    maxOutputTokens: settings.maxOutputTokens,
  });
  return { price, cost };
}

export function renderPlanText(plan: ReviewPlan, settings: CostSettings): string {
  const total = plan.calls.reduce((n, c) => n + c.tokens, 0);
  const lines = [
    "Dry run: nothing was sent to the model.",
    `Target: ${terminalSafe(plan.target)}`,
    `Model: ${plan.model}`,
    "",
    `Selected files (${plan.selected.length}):`,
    ...textTable(plan.selected.map((f) => [terminalSafe(f.path), f.language, f.status, `+${f.additions} -${f.deletions}`])),
    "",
    `Skipped files (${plan.skipped.length}):`,
    ...textTable(plan.skipped.map((s) => [terminalSafe(s.path), s.reason])),
    "",
    `Model calls (${plan.calls.length}), input tokens estimated offline, the ${count(plan.systemTokens)}-token system prompt counted in each:`,
    ...textTable(plan.calls.map((c, i) => [`${i + 1}.`, `${count(c.tokens)} tokens`, c.paths.map(terminalSafe).join(", ")])),
    "",
    `Estimated input: ${count(total)} tokens in ${plan.calls.length === 1 ? "1 call" : `${plan.calls.length} calls`}`,
    costLine(plan, settings),
    `Commentable lines: ${count(plan.commentableLines)}`,
  ];
  return `${lines.join("\n")}\n`;
}

function costLine(plan: ReviewPlan, settings: CostSettings): string {
  const priced = costOf(plan, settings);
  if (!priced) return `Estimated cost: no list price known for ${plan.model}; tokens only`;
  const { price, cost } = priced;
  return (
    `Estimated cost at list prices (${price.family}, USD): ${usd(cost.input)} input, ` +
    `at most ${usd(cost.outputCeiling)} output (${count(settings.maxOutputTokens)} output tokens per call)`
  );
}

export function renderPlanJson(plan: ReviewPlan, settings: CostSettings): string {
  const priced = costOf(plan, settings);
  const json = {
    dryRun: true,
    ...plan,
    inputTokens: plan.calls.reduce((n, c) => n + c.tokens, 0),
    cost: priced
      ? { currency: "USD", listPrices: priced.price, input: priced.cost.input, outputCeiling: priced.cost.outputCeiling }
      : null,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
