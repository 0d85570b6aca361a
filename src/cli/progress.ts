import type { Logger } from "../review/logger.js";
import type { ModelReply, ModelRequest, ReviewModel } from "../review/model.js";
import type { CliStream } from "./io.js";

export interface Progress {
  log: Logger;
  note(line: string): void;
  /** The model as the core gets it: the same calls, counted as they finish. */
  track(model: ReviewModel, total: number): ReviewModel;
  done(): void;
}

const CLEAR_LINE = "\r\x1b[2K";

/**
 * Progress on stderr, so stdout carries only the result. On a terminal one counter line is
 * rewritten in place and notes are printed above it; elsewhere (CI logs) every step is a line.
 */
export function createProgress(stderr: CliStream): Progress {
  const tty = stderr.isTTY === true;
  let counter = "";
  const note = (line: string): void => {
    stderr.write(`${tty && counter ? CLEAR_LINE : ""}backend-review: ${line}\n${tty ? counter : ""}`);
  };
  const show = (text: string): void => {
    if (!tty) return note(text);
    counter = `backend-review: ${text}`;
    stderr.write(`${CLEAR_LINE}${counter}`);
  };
  return {
    note,
    log: {
      debug() {},
      info() {},
      warn: (obj, msg) => note(`warning: ${describe(obj, msg)}`),
      error: (obj, msg) => note(`error: ${describe(obj, msg)}`),
    },
    track(model, total) {
      let finished = 0;
      show(`0 of ${total} parts reviewed`);
      // Everything else the model offers is inherited untouched, whatever the interface grows.
      const tracked = Object.create(model) as ReviewModel;
      tracked.reportFindings = async (request: ModelRequest): Promise<ModelReply> => {
        try {
          return await model.reportFindings(request);
        } finally {
          finished += 1;
          show(`${finished} of ${total} parts reviewed`);
        }
      };
      return tracked;
    },
    done() {
      if (tty && counter) stderr.write(CLEAR_LINE);
      counter = "";
    },
  };
}

function describe(obj: object, msg: string | undefined): string {
  const chunk = "chunk" in obj && typeof obj.chunk === "number" ? `part ${obj.chunk}: ` : "";
  return `${chunk}${msg ?? "(no message)"}`;
}
