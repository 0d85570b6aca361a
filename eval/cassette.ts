/**
 * A cassette is what the model answered for one case: eval/cassettes/<case-id>.json. Replaying
 * it re-scores a run without the model, for free and the same every time.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { ModelRequest } from "../src/review/model.js";
import { describeIssues } from "./corpus-schema.js";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest");
const tokens = z.number().int().nonnegative();

const CallSchema = z.strictObject({
  /** Of the whole request (model, system prompt, chunk prompt, output limit): see hashRequest. */
  requestHash: sha256,
  /** Raw, as the model returned them: the core validates them on replay as it did live. */
  findings: z.array(z.unknown()),
  usage: z.strictObject({ input: tokens, output: tokens, cacheRead: tokens, cacheWrite: tokens }),
  truncated: z.boolean(),
});

export const CassetteSchema = z.strictObject({
  caseId: z.string().min(1),
  /** "hand-written": made up to exercise the scoring; its scores say nothing about the model. */
  source: z.enum(["recorded", "hand-written"]),
  model: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "must be an ISO date"),
  caseHash: sha256,
  note: z.string().optional(),
  calls: z.array(CallSchema).min(1),
});

export type Cassette = z.infer<typeof CassetteSchema>;
export type RecordedCall = z.infer<typeof CallSchema>;

export class CassetteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CassetteError";
  }
}

export function cassettePath(dir: string, caseId: string): string {
  return path.join(dir, `${caseId}.json`);
}

export function hashRequest(request: ModelRequest): string {
  const { model, system, prompt, maxOutputTokens } = request;
  return createHash("sha256").update(JSON.stringify([model, system, prompt, maxOutputTokens])).digest("hex");
}

/** undefined when there is no cassette; a broken one is an error naming the file and key. */
export async function readCassette(dir: string, caseId: string): Promise<Cassette | undefined> {
  const file = cassettePath(dir, caseId);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CassetteError(`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = CassetteSchema.safeParse(data);
  if (!parsed.success) throw new CassetteError(`${file}: ${describeIssues(parsed.error.issues).join("; ")}`);
  if (parsed.data.caseId !== caseId) throw new CassetteError(`${file}: caseId: "${parsed.data.caseId}" must be "${caseId}"`);
  return parsed.data;
}

export async function writeCassette(dir: string, cassette: Cassette): Promise<string> {
  const file = cassettePath(dir, cassette.caseId);
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${JSON.stringify(cassette, null, 2)}\n`, "utf8");
  return file;
}
