/** ReviewModels for the harness: one serves a cassette, the other records a real model's replies. */
import { ModelCallError, type ExplainReply, type ModelReply, type ModelRequest, type ReviewModel } from "../src/review/model.js";
import { hashRequest, type Cassette, type RecordedCall } from "./cassette.js";

export interface ReplayModel extends ReviewModel {
  /**
   * True once a request was served whose hash the cassette does not hold (the agent file, the
   * prompt format, the settings or the model changed since it was made), or a recorded reply was
   * left unused: the scores then describe the old prompt, not today's.
   */
  isStale(): boolean;
}

const noExplain = async (): Promise<ExplainReply> => {
  throw new ModelCallError("explanations are not part of an evaluation");
};

/**
 * Serves a request its own recorded reply (same hash); failing that, the next unused reply in
 * order, since the cassette's case hash already vouches that the diff is the one it answered.
 */
export function createReplayModel(cassette: Cassette): ReplayModel {
  const used = new Set<number>();
  let mismatched = false;
  return {
    async reportFindings(request: ModelRequest): Promise<ModelReply> {
      const hash = hashRequest(request);
      let index = cassette.calls.findIndex((call, i) => !used.has(i) && call.requestHash === hash);
      if (index < 0) {
        index = cassette.calls.findIndex((_, i) => !used.has(i));
        mismatched = true;
      }
      const call = cassette.calls[index];
      if (call === undefined) throw new ModelCallError("the cassette holds no reply for this model call");
      used.add(index);
      return { findings: structuredClone(call.findings), usage: { ...call.usage }, truncated: call.truncated };
    },
    explain: noExplain,
    isStale: () => mismatched || used.size < cassette.calls.length,
  };
}

export interface RecordingModel extends ReviewModel {
  /** Every reply so far, in the order the calls were made. */
  readonly calls: readonly RecordedCall[];
}

export function createRecordingModel(inner: ReviewModel): RecordingModel {
  const calls: RecordedCall[] = [];
  return {
    calls,
    async reportFindings(request: ModelRequest): Promise<ModelReply> {
      const reply = await inner.reportFindings(request);
      // Stored before the core validates anything, so a replay meets the same malformed items.
      calls.push({ requestHash: hashRequest(request), findings: structuredClone(reply.findings), usage: { ...reply.usage }, truncated: reply.truncated });
      return reply;
    },
    explain: noExplain,
  };
}
