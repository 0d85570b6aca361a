/**
 * The patterns the scripted reviewer recognises. Deliberately narrow: each one fires on the
 * textbook form of its defect only, so a scenario's expected findings are obvious from its code.
 * Ids are checklist ids of agents/backend-developer.md.
 */
import type { Severity } from "../../src/review/finding.js";

export interface RuleInput {
  path: string;
  code: string;
  /** Earlier lines of the same hunk, nearest last. */
  before: string[];
}

export interface ReviewerRule {
  checkId: string;
  severity: Severity;
  title: string;
  explanation: string;
  fix: string;
  confidence: number;
  matches(input: RuleInput): boolean;
}

const SQL = /\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\b[\s\S]*\bSET|DELETE\s+FROM)\b/i;
/** `${…}` inside a template, or a string literal glued to something with `+`. */
const INTERPOLATED = /\$\{|["'`]\s*\+\s*[\w$(]|[\w$)\]]\s*\+\s*["'`]/;
const SECRET_WORDS = /token|secret|passw|session|nonce|otp|salt|api[_-]?key|reset/i;

export const REVIEWER_RULES: readonly ReviewerRule[] = [
  {
    checkId: "sql-injection",
    severity: "critical",
    title: "SQL query built from request data",
    explanation: "The query text is assembled with string interpolation, so a crafted value can change the SQL that runs.",
    fix: "Pass the value as a bound parameter (`$1` / `?`) instead of interpolating it into the query text.",
    confidence: 0.95,
    matches: ({ code }) => SQL.test(code) && INTERPOLATED.test(code),
  },
  {
    checkId: "insecure-randomness",
    severity: "high",
    title: "Security token generated with Math.random",
    explanation: "Math.random is not a cryptographic generator; its output can be predicted, and so can the token.",
    fix: "Use `crypto.randomBytes(32).toString('base64url')` or `crypto.randomUUID()`.",
    confidence: 0.9,
    matches: ({ code, path, before }) => /\bMath\.random\s*\(/.test(code) && [code, path, ...before].some((t) => SECRET_WORDS.test(t)),
  },
  {
    checkId: "code-injection",
    severity: "critical",
    title: "Dynamic code evaluation",
    explanation: "Code evaluated at run time runs with the server's privileges; any input reaching it is remote code execution.",
    fix: "Remove eval / new Function; parse the data (JSON.parse) or dispatch on a fixed table of functions.",
    confidence: 0.85,
    matches: ({ code }) => /(?<![\w.])eval\s*\(|\bnew\s+Function\s*\(/.test(code),
  },
  {
    checkId: "command-injection",
    severity: "critical",
    title: "Shell command built from a variable",
    explanation: "exec runs its argument through a shell, so metacharacters in the interpolated value run extra commands.",
    fix: "Use execFile/spawn with an argument array and no shell, and validate the value against an allow-list.",
    confidence: 0.9,
    matches: ({ code }) => /\bexec(?:Sync)?\s*\(\s*(?:`[^`]*\$\{|["'][^"']*["']\s*\+)/.test(code),
  },
  {
    checkId: "ssrf",
    severity: "high",
    title: "Server-side request to a URL taken from the request",
    explanation: "The server fetches whatever URL the client sends, including internal services and cloud metadata endpoints.",
    fix: "Resolve the URL against an allow-list of hosts and refuse private and link-local addresses.",
    confidence: 0.85,
    matches: ({ code }) => /\b(?:https?\.(?:get|request)|fetch|got|axios(?:\.(?:get|post))?)\s*\(\s*req\./.test(code),
  },
  {
    checkId: "tls-verification-disabled",
    severity: "high",
    title: "TLS certificate verification turned off",
    explanation: "Without certificate checks anyone on the network path can impersonate the server and read or alter the traffic.",
    fix: "Remove `rejectUnauthorized: false`; trust a private CA through the `ca` option instead.",
    confidence: 0.95,
    matches: ({ code }) => /\brejectUnauthorized\s*:\s*false\b/.test(code),
  },
  {
    checkId: "hardcoded-secret",
    severity: "high",
    title: "Hard-coded credential",
    explanation: "A secret in source code is readable by everyone with access to the repository and its history.",
    fix: "Read it from the environment or a secret manager, and rotate the value that was committed.",
    confidence: 0.9,
    matches: ({ code }) => /\b(?:password|passwd|pwd|secret)\w*\s*[:=]\s*["'][^"'\s]{4,}["']/i.test(code),
  },
];
