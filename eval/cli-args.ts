/** The command line of `npm run eval -- …`, checked before anything is read or called. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Mode } from "./evaluate.js";

export interface EvalArgs {
  corpus?: string | undefined;
  cassettes?: string | undefined;
  agent?: string | undefined;
  model?: string | undefined;
  mode?: "record" | "replay" | undefined;
  json?: string | undefined;
  cases: string[];
  minConfidence: number;
  /** The second-look lever (`verify` in the repository configuration). */
  verify: boolean;
  concurrency: number;
  help: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `usage: npm run eval -- [options]

  --corpus <dir>          cases to run (default: eval/corpus)
  --cassettes <dir>       where cassettes are read and written (default: eval/cassettes)
  --agent <file>          reviewer agent file (default: agents/backend-developer.md)
  --model <id>            model to call (default: the agent's); with --replay, use only cassettes made with it
  --record                call the model and store each case's replies as a cassette (needs ANTHROPIC_API_KEY)
  --replay                score the cassettes, no model call (the default without ANTHROPIC_API_KEY)
  --cases <glob,...>      only the cases whose id matches, e.g. 'py-*,go-ssrf*'
  --min-confidence <n>    drop findings below n (0 to 1) before scoring (default: 0)
  --verify                re-check high and critical findings with a second model call (the
                          \`verify\` setting); its calls are recorded and replayed like the others
  --concurrency <n>       cases reviewed at once when calling the model (default: 4)
  --json <file>           also write the full results as JSON

With ANTHROPIC_API_KEY set and neither --record nor --replay, the model is called and nothing is stored.
`;

function numberIn(flag: string, text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a number from ${min} to ${max}; found ${JSON.stringify(text)}`);
  }
  return value;
}

const OPTIONS = {
  corpus: { type: "string" },
  cassettes: { type: "string" },
  agent: { type: "string" },
  model: { type: "string" },
  record: { type: "boolean" },
  replay: { type: "boolean" },
  json: { type: "string" },
  cases: { type: "string" },
  "min-confidence": { type: "string" },
  verify: { type: "boolean" },
  concurrency: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const values = readFlags(argv);
  if (values.record && values.replay) throw new UsageError("--record and --replay exclude each other");
  const concurrency = numberIn("--concurrency", values.concurrency, 1, 16, 4);
  if (!Number.isInteger(concurrency)) throw new UsageError("--concurrency must be a whole number");
  return {
    corpus: values.corpus,
    cassettes: values.cassettes,
    agent: values.agent,
    model: values.model,
    mode: values.record ? "record" : values.replay ? "replay" : undefined,
    json: values.json,
    cases: (values.cases ?? "").split(",").map((glob) => glob.trim()).filter((glob) => glob.length > 0),
    minConfidence: numberIn("--min-confidence", values["min-confidence"], 0, 1, 0),
    verify: values.verify === true,
    concurrency,
    help: values.help ?? false,
  };
}

/** Without a key a run can only replay; with one it calls the model unless told to replay. */
export function chooseMode(args: Pick<EvalArgs, "mode">, hasKey: boolean): Mode {
  if (args.mode === "record" && !hasKey) throw new UsageError("--record calls the model: set ANTHROPIC_API_KEY");
  return args.mode ?? (hasKey ? "live" : "replay");
}
