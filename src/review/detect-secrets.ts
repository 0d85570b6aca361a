/**
 * Finds credentials committed in a pull request's added lines, without the model: a leaked key
 * must be reported every time, and a deterministic rule can promise that no text it posts
 * contains the key. `quote` carries the real line only so anchoring can place the comment;
 * renderers never print it. Everything posted shows the value through `maskSecret`.
 */
import type { DiffLine } from "../diff/types.js";
import type { Finding, Severity } from "./finding.js";
import { code } from "./markdown.js";
import { REDACTED_MARK } from "./redact-secrets.js";
import type { ReviewableFile } from "./reviewable-file.js";

interface Kind {
  label: string;
  severity: Severity;
  confidence: number;
  /** First step of the fix: where the key is revoked, since deleting the line does not un-leak it. */
  revoke: string;
}

interface Hit {
  kind: Kind;
  value: string;
}

const ROTATE = "Rotate the credential now";
const live = (label: string, revoke: string, confidence = 0.9): Kind => ({ label, severity: "critical", confidence, revoke });

// Prefixed formats are specific enough to match anywhere on the line, in any syntax.
const TOKEN_RULES: readonly (Kind & { pattern: RegExp })[] = [
  { ...live("AWS access key id", "Deactivate the access key in AWS IAM now"), pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  {
    ...live("GitHub token", "Revoke the token in GitHub's developer settings now", 0.95),
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g,
  },
  { ...live("Slack token", "Revoke the token in the Slack app's settings now"), pattern: /\b(?:xox[bpa]|xapp)-\d+-[A-Za-z0-9-]{10,}/g },
  {
    label: "Slack webhook URL",
    severity: "high",
    confidence: 0.9,
    revoke: "Regenerate the webhook in the Slack app's settings now",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/g,
  },
  { ...live("Stripe live key", "Roll the key in the Stripe dashboard now", 0.95), pattern: /\b[rs]k_live_[A-Za-z0-9]{24,}\b/g },
  { ...live("Google API key", "Delete or regenerate the key in the Google Cloud console now", 0.85), pattern: /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g },
  { ...live("Anthropic API key", "Delete the key in the Anthropic console now", 0.95), pattern: /\bsk-ant-[A-Za-z0-9_-]{32,}/g },
  { ...live("OpenAI API key", "Revoke the key in the OpenAI dashboard now", 0.9), pattern: /\bsk-proj-[A-Za-z0-9_-]{32,}/g },
];

const AWS_SECRET = live("AWS secret access key", "Deactivate the access key in AWS IAM now", 0.85);
const JWT = { label: "JSON Web Token", severity: "high", confidence: 0.75, revoke: "Revoke the token or rotate its signing key" } as const;
const GENERIC = { label: "credential", severity: "high", confidence: 0.6, revoke: `${ROTATE} if it is real` } as const;

const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/;
const PEM_BODY = /[A-Za-z0-9+/=]{40,}/;
const JWT_VALUE = /^eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}$/;

// An assignment operator (not ==, <=, =~, ::) followed by a literal: quoted, or bare where config allows.
const ASSIGNMENT =
  /(?::=|=>|(?<![=!<>:])=(?![=>~])|:(?![:=]))[ \t]*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`|([^\s"'`,;#)}\]]+))/g;
/** Files where `key: value` / `KEY=value` holds a literal; in code an unquoted right side is an expression. */
const CONFIG_PATH = /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.(?:ya?ml|env|properties|ini|cfg|conf|toml|sh|bash|zsh)$|(?:^|\/)Dockerfile[^/]*$/i;
/** Words before the name that are declarations or types, e.g. `export`, `const token: string`, Go's `var token string`. */
const NOT_A_NAME = /^(?:export|const|let|var|val|final|static|readonly|private|public|protected|string|str|String|bytes|number)$/;
const SECRET_WORD = /(?:password|passwd|pwd|passphrase|secret|token|apikey|auth|authorization|credentials?|creds)$/;
const SECRET_COMPOUND = /(?:^|_)(?:api|private|access|secret|signing|encryption|master)_key$/;
const AWS_SECRET_NAME = /aws_?(?:\w+_)?secret|secret_access_key/;

// Values that only stand for a secret: templates, env/config reads, docs and test samples.
const PLACEHOLDER =
  /<[^>]*>|\$\{|\$\(|^\$\w|\{\{|%\(|x{4,}|\*{3,}|\.\.\.|…|change[-_]?me|example|dummy|sample|placeholder|fake|test|your|redacted|process\.env|environ|getenv/i;
const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|mocks?)\/|[._-](?:test|spec)\.\w+$|(?:^|\/)test_[^/]*\.py$/i;
const FAKE_MARK = /fake|dummy|mock|stub|example|sample/i;

/** At most the first 4 and last 2 characters, and never more than 30% of a short value. */
export function maskSecret(value: string): string {
  const chars = Array.from(value);
  const head = Math.min(4, Math.floor(chars.length / 5));
  const tail = Math.min(2, Math.floor(chars.length / 10));
  return `${chars.slice(0, head).join("")}…${tail > 0 ? chars.slice(-tail).join("") : ""}`;
}

export function detectSecrets(files: readonly ReviewableFile[]): Finding[] {
  return scanForSecrets(files).findings;
}

/** One secret value found, with what it is ("GitHub token"), so a placeholder can say so. */
export interface FoundSecret {
  value: string;
  label: string;
}

export interface SecretScan {
  findings: Finding[];
  /** The secret values found, so that any other text about these lines can be masked too. */
  values: string[];
  /** The same values with their kind, plus every body line of a private key: what must never leave. */
  found: FoundSecret[];
}

export function scanForSecrets(files: readonly ReviewableFile[]): SecretScan {
  const scan: SecretScan = { findings: [], values: [], found: [] };
  for (const file of files) {
    for (const hunk of file.hunks) scanHunk(file.path, hunk.lines.filter((l) => l.kind === "add"), scan);
  }
  return { ...scan, found: uniqueSecrets(scan.found) };
}

/**
 * The secrets in free text that is not a parsed diff (a GitHub `diff_hunk`, a comment), every line
 * read as if added: what a prompt quoting that text must not carry. Diff markers are stripped.
 */
export function findSecretsInText(path: string, text: string): FoundSecret[] {
  const lines = text.split(/\r?\n/).map((content, i): DiffLine => ({ kind: "add", content: content.replace(/^[+ -]/, ""), oldLine: null, newLine: i + 1 }));
  const scan: SecretScan = { findings: [], values: [], found: [] };
  scanHunk(path, lines, scan);
  return uniqueSecrets(scan.found);
}

function uniqueSecrets(found: readonly FoundSecret[]): FoundSecret[] {
  const seen = new Set<string>();
  return found.filter((secret) => !seen.has(secret.value) && seen.add(secret.value));
}

/** Replaces every found secret value in a text with its masked form. */
export function maskSecretsIn(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(maskSecret(value));
  return out;
}

/**
 * Masks found secrets in what the model wrote about any line. `quote` stays: it is only matched
 * against the diff, never posted. A suggestion that would write a secret, or the placeholder the
 * model saw instead of one, is dropped, not masked: masked code applied with one click would break the file.
 */
export function maskSecretsInFinding(finding: Finding, values: readonly string[]): Finding {
  if (values.length === 0) return finding;
  const mask = (text: string) => maskSecretsIn(text, values);
  const clean = (code: string) => mask(code) === code && !code.includes(REDACTED_MARK);
  const replacement = finding.replacement !== undefined && clean(finding.replacement) ? finding.replacement : undefined;
  return { ...finding, title: mask(finding.title), explanation: mask(finding.explanation), fix: mask(finding.fix), replacement };
}

/** A private key's lines, down to its short last one: every one of them is part of the secret. */
const PEM_LINE = /[A-Za-z0-9+/=]{8,}/;

function scanHunk(path: string, added: readonly DiffLine[], scan: SecretScan): void {
  let inKey = false; // inside a PEM block: its body lines are the same secret
  let keyLabel: string | undefined; // set when that key was reported: its body lines must not leave either
  added.forEach((line, i) => {
    if (inKey) {
      const body = line.content.includes("-----") ? undefined : PEM_LINE.exec(line.content)?.[0];
      if (body !== undefined && keyLabel !== undefined) scan.found.push({ value: body, label: keyLabel });
      inKey = !line.content.includes("-----END");
      return;
    }
    if (line.newLine === null) return;
    const pem = pemHit(line.content, added[i + 1]?.content ?? "");
    const hit = pem ?? lineHit(path, line.content);
    if (pem) inKey = !line.content.includes("-----END");
    keyLabel = undefined;
    if (hit && !(TEST_PATH.test(path) && FAKE_MARK.test(line.content))) {
      if (pem) keyLabel = pem.kind.label;
      scan.findings.push(toFinding(path, line.newLine, line.content, hit));
      scan.values.push(hit.value);
      scan.found.push({ value: hit.value, label: hit.kind.label });
    }
  });
}

/** A bare header is a parser constant (`startsWith("-----BEGIN …")`); a key needs its body, here or next line. */
function pemHit(content: string, next: string): Hit | undefined {
  const header = PEM_HEADER.exec(content);
  if (!header) return undefined;
  // A one-line string literal spells the line breaks as `\n`; its `n` is not part of the key.
  const rest = content.slice(header.index + header[0].length).replace(/\\[nr]/g, " ");
  const body = PEM_BODY.exec(rest)?.[0] ?? PEM_BODY.exec(next)?.[0];
  if (body === undefined || isPlaceholder(body)) return undefined;
  const type = header[1] ?? "";
  return { kind: live(`${type}private key`, "Treat the key as compromised: revoke it and issue a new one", 0.95), value: body };
}

/** One cheap test for every token prefix, so the common line (no prefix) skips all the token rules. */
const ANY_TOKEN_PREFIX = /AKIA|ASIA|gh[pousr]_|github_pat_|xox[bpa]-|xapp-|hooks\.slack\.com|[rs]k_live_|AIza|sk-ant-|sk-proj-/;
/** An assignment needs an operator and a literal of at least 20 characters. */
const MAYBE_ASSIGNMENT = /[=:][^\n]{20}/;

function lineHit(path: string, content: string): Hit | undefined {
  if (ANY_TOKEN_PREFIX.test(content)) {
    const token = tokenHit(content);
    if (token) return token;
  }
  return MAYBE_ASSIGNMENT.test(content) ? assignmentsHit(path, content) : undefined;
}

function tokenHit(content: string): Hit | undefined {
  for (const rule of TOKEN_RULES) {
    for (const match of content.matchAll(rule.pattern)) {
      if (!isPlaceholder(match[0])) return { kind: rule, value: match[0] };
    }
  }
  return undefined;
}

function assignmentsHit(path: string, content: string): Hit | undefined {
  const bareAllowed = CONFIG_PATH.test(path);
  for (const match of content.matchAll(ASSIGNMENT)) {
    const quoted = match[1] ?? match[2] ?? match[3];
    if (quoted === undefined && !bareAllowed) continue;
    const value = (quoted ?? match[4] ?? "").replace(/^(?:Bearer|Basic|token)\s+/i, "");
    const hit = assignmentHit(nameBefore(content.slice(0, match.index)), value);
    if (hit) return hit;
  }
  return undefined;
}

function assignmentHit(name: string, value: string): Hit | undefined {
  if (value.length < 20 || /\s/.test(value) || isPlaceholder(value)) return undefined;
  if (JWT_VALUE.test(value)) return { kind: JWT, value };
  // URLs and paths without credentials in them are where a secret lives, not the secret.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@]*$|^[.~]?\//i.test(value)) return undefined;
  if (AWS_SECRET_NAME.test(name) && /^[A-Za-z0-9/+]{40}$/.test(value)) return { kind: AWS_SECRET, value };
  const secretName = SECRET_WORD.test(name.split("_").pop() ?? "") || SECRET_COMPOUND.test(name);
  const threshold = /^[0-9a-f]+$/i.test(value) ? 3 : 3.5; // hex has at most 4 bits per character
  return secretName && shannonEntropy(value) >= threshold ? { kind: GENERIC, value } : undefined;
}

/** The assigned name in snake case: `self.apiKey` → `api_key`, `"X-Api-Key"` → `x_api_key`. */
function nameBefore(left: string): string {
  const words = left.split(/[^A-Za-z0-9_$-]+/).filter((w) => w.length > 0 && !NOT_A_NAME.test(w));
  const last = words.at(-1) ?? "";
  return last
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
}

function isPlaceholder(value: string): boolean {
  // Sixteen random characters never use three symbols or fewer; `AAAA…` and `0000…` do.
  return PLACEHOLDER.test(value) || new Set(value.slice(-16)).size <= 3;
}

/** Bits per character of the value's own character distribution. */
function shannonEntropy(value: string): number {
  const chars = Array.from(value);
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / chars.length) * Math.log2(n / chars.length);
  return bits;
}

function toFinding(path: string, line: number, quote: string, { kind, value }: Hit): Finding {
  const masked = code(maskSecret(value));
  return {
    path,
    line,
    quote,
    severity: kind.severity,
    category: "security",
    check_id: "hardcoded-secret",
    title: `Hardcoded ${kind.label} ${masked}`,
    explanation:
      `The ${kind.label} ${masked} on this line is readable by anyone with access to the repository, a fork, a clone ` +
      "or a CI log, and deleting the line later does not remove it from the git history.",
    fix: `${kind.revoke}. Then load it at run time from an environment variable or a secret manager instead of the source.`,
    confidence: kind.confidence,
  };
}
