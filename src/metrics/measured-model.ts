import type { ModelRequest, ReviewModel } from "../review/model.js";
import type { AppMetrics } from "./app-metrics.js";

/** The model with every call timed and its tokens counted; the core never sees the difference. */
export function measuredModel(model: ReviewModel, metrics: AppMetrics): ReviewModel {
  const time = async <T extends { usage: Parameters<AppMetrics["tokens"]>[0] }>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const reply = await call();
      metrics.modelCall((performance.now() - started) / 1000, "ok");
      metrics.tokens(reply.usage);
      return reply;
    } catch (error) {
      metrics.modelCall((performance.now() - started) / 1000, "error");
      throw error;
    }
  };
  return {
    reportFindings: (request: ModelRequest) => time(() => model.reportFindings(request)),
    explain: (request: ModelRequest) => time(() => model.explain(request)),
  };
}
