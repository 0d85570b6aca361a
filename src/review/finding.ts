import { z } from "zod";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const CATEGORIES = ["security", "performance", "reliability"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Higher is worse; used to sort and to compare against thresholds. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
});

/**
 * One defect as the reviewer reports it. This single schema is the source of the tool's
 * `input_schema` (through z.toJSONSchema) and of the validation of what comes back.
 * Caps keep a misbehaving model from posting walls of text.
 */
export const FindingSchema = z.object({
  path: z.string().min(1).max(1000).describe("Path of the file in the new version, exactly as shown in the diff header."),
  line: z.number().int().positive().describe("New-file line number of the defect, as printed at the start of the diff line."),
  end_line: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Last line of a multi-line range; omit for a single line."),
  quote: z.string().max(2000).describe("The exact code of `line`, copied verbatim from the diff (without the line number)."),
  severity: z.enum(SEVERITIES),
  category: z.enum(CATEGORIES),
  check_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,59}$/)
    .describe("The checklist id this defect falls under, e.g. sql-injection."),
  title: z.string().min(3).max(200).describe("One short sentence naming the defect."),
  explanation: z.string().min(3).max(2000).describe("Why this is a real defect here: the concrete path to harm."),
  fix: z.string().min(3).max(2000).describe("What to change, in words."),
  replacement: z
    .string()
    .max(4000)
    .optional()
    .describe("Exact replacement code for lines line..end_line; only when certain. Omit otherwise."),
  confidence: z.number().min(0).max(1).describe("How sure you are that this defect is real, 0 to 1."),
});
/**
 * A finding after normalisation (normalise-findings.ts): the model-facing schema above states
 * what we ask for, this is what the core works with. `line` is absent when the reported one was
 * unusable (0, negative, not a number): the quote places the finding then, or it stays file-level.
 */
export interface Finding {
  path: string;
  line?: number | undefined;
  end_line?: number | undefined;
  quote: string;
  severity: Severity;
  category: Category;
  check_id: string;
  title: string;
  explanation: string;
  fix: string;
  replacement?: string | undefined;
  confidence: number;
}

/** Caps of the model-facing schema, applied by repair (cut with an ellipsis) rather than rejection. */
export const FINDING_LIMITS = Object.freeze({ path: 1000, checkId: 60, title: 200, text: 2000, quote: 2000, replacement: 4000 });

export const ReportSchema = z.object({
  findings: z.array(z.unknown()).describe("Every defect found in this part of the diff; empty when none."),
});

/** The schema the model answers in: `findings` typed fully, so it knows each item's shape. */
export const ReportOutputSchema = z.object({
  findings: z.array(FindingSchema).describe("Every defect found in this part of the diff; empty when none."),
});
