import { describe, it, expect } from "vitest";
import { buildLineIndex } from "../../src/diff/commentable-lines.js";
import { parsePatch } from "../../src/diff/parse-patch.js";
import { detectSecrets, maskSecret } from "../../src/review/detect-secrets.js";
import { FindingSchema, type Finding, type Severity } from "../../src/review/finding.js";
import type { ReviewableFile } from "../../src/review/reviewable-file.js";

/*
 * Every fake credential is assembled at run time from a seeded generator, so this file holds no
 * string in a real token format and push-time secret scanners have nothing to block.
 */
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function fakeChars(seed: number, length: number, alphabet = ALNUM): string {
  let state = seed;
  let out = "";
  while (out.length < length) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += alphabet.charAt((state >>> 0) % alphabet.length);
  }
  return out;
}

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const JWT_VALUE = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "svc-billing", iat: 1700000000 })}.${fakeChars(9, 43, `${ALNUM}_-`)}`;
const PEM_BODY = `MII${fakeChars(10, 61, `${ALNUM}+/`)}`;
const BEGIN = (type: string): string => `-----BEGIN ${type}` + "KEY-----";

/** One hunk: a context line at 10, then the added lines from 11 on. */
function added(path: string, ...lines: string[]): ReviewableFile {
  return withRows(path, [" // unchanged", ...lines.map((l) => `+${l}`)]);
}

function withRows(path: string, rows: string[]): ReviewableFile {
  const oldCount = rows.filter((r) => !r.startsWith("+")).length;
  const newCount = rows.filter((r) => !r.startsWith("-")).length;
  const parsed = parsePatch([`@@ -10,${oldCount} +10,${newCount} @@`, ...rows].join("\n"));
  expect(parsed.problems).toEqual([]);
  return { path, status: "modified", language: "", hunks: parsed.hunks, lineIndex: buildLineIndex(parsed.hunks) };
}

const posted = (f: Finding): string => [f.title, f.explanation, f.fix].join("\n");
const summary = (f: Finding) => ({ path: f.path, line: f.line, check_id: f.check_id, severity: f.severity, title: f.title });
/** The expectation is written out, not computed by maskSecret, so a mask that shows more fails here. */
const masked = (value: string): string => `\`${value.slice(0, 4)}…${value.slice(-2)}\``;

function expectNoLeak(finding: Finding, value: string): void {
  // No run of 7 characters of the secret may appear in anything that is posted.
  for (let i = 0; i + 7 <= value.length; i++) expect(posted(finding)).not.toContain(value.slice(i, i + 7));
}

interface Kind {
  kind: string;
  name: string;
  value: string;
  label: string;
  severity: Severity;
}

const KINDS: Kind[] = [
  { kind: "AWS key id", name: "AWS_ACCESS_KEY_ID", value: `AKIA${fakeChars(1, 16, UPPER)}`, label: "AWS access key id", severity: "critical" },
  { kind: "AWS session key id", name: "AWS_ACCESS_KEY_ID", value: `ASIA${fakeChars(2, 16, UPPER)}`, label: "AWS access key id", severity: "critical" },
  { kind: "AWS secret", name: "AWS_SECRET_ACCESS_KEY", value: `w${fakeChars(3, 39, `${ALNUM}/+`)}`, label: "AWS secret access key", severity: "critical" },
  { kind: "GitHub classic", name: "GITHUB_TOKEN", value: `ghp_${fakeChars(4, 36)}`, label: "GitHub token", severity: "critical" },
  { kind: "GitHub app", name: "GH_INSTALLATION", value: `ghs_${fakeChars(5, 36)}`, label: "GitHub token", severity: "critical" },
  { kind: "GitHub fine-grained", name: "GH_PAT", value: `github_pat_${fakeChars(6, 22)}_${fakeChars(7, 59)}`, label: "GitHub token", severity: "critical" },
  { kind: "Slack bot", name: "SLACK", value: `xoxb-${fakeChars(8, 12, "0123456789")}-${fakeChars(11, 24)}`, label: "Slack token", severity: "critical" },
  { kind: "Slack app", name: "SLACK_APP", value: `xapp-1-${fakeChars(12, 11, "0123456789")}-${fakeChars(13, 30)}`, label: "Slack token", severity: "critical" },
  {
    kind: "Slack webhook",
    name: "NOTIFY",
    value: `https://hooks.slack.com/services/T${fakeChars(14, 8, UPPER)}/B${fakeChars(15, 8, UPPER)}/${fakeChars(16, 24)}`,
    label: "Slack webhook URL",
    severity: "high",
  },
  { kind: "Stripe", name: "STRIPE", value: `sk_live_${fakeChars(17, 24)}`, label: "Stripe live key", severity: "critical" },
  { kind: "Stripe restricted", name: "STRIPE_RK", value: `rk_live_${fakeChars(18, 30)}`, label: "Stripe live key", severity: "critical" },
  { kind: "Google", name: "MAPS", value: `AIza${fakeChars(19, 35, `${ALNUM}_-`)}`, label: "Google API key", severity: "critical" },
  { kind: "Anthropic", name: "LLM", value: `sk-ant-api03-${fakeChars(20, 90, `${ALNUM}_-`)}`, label: "Anthropic API key", severity: "critical" },
  { kind: "OpenAI", name: "LLM", value: `sk-proj-${fakeChars(21, 48)}`, label: "OpenAI API key", severity: "critical" },
  { kind: "JWT", name: "SERVICE_JWT", value: JWT_VALUE, label: "JSON Web Token", severity: "high" },
  { kind: "generic", name: "DB_PASSWORD", value: `Q${fakeChars(22, 23, `${ALNUM}!%^&-+@`)}`, label: "credential", severity: "high" },
];

const SYNTAXES = [
  { syntax: "JS", path: "src/config.ts", line: (n: string, v: string) => `export const ${n} = "${v}";` },
  { syntax: "Python", path: "app/settings.py", line: (n: string, v: string) => `${n} = '${v}'` },
  { syntax: "Go", path: "internal/config/config.go", line: (n: string, v: string) => `\t${n} := "${v}"` },
  { syntax: "YAML", path: "deploy/values.yaml", line: (n: string, v: string) => `  ${n.toLowerCase()}: ${v}` },
  { syntax: ".env", path: ".env.production", line: (n: string, v: string) => `${n}=${v}` },
];

describe("detectSecrets: true positives", () => {
  const cases = KINDS.flatMap((k) => SYNTAXES.map((s) => ({ ...k, ...s, text: s.line(k.name, k.value) })));

  it.each(cases)("$kind in $syntax", ({ path, text, value, label, severity }) => {
    const findings = detectSecrets([added(path, "", text)]);
    const title = `Hardcoded ${label} ${masked(value)}`;
    expect(findings.map(summary)).toEqual([{ path, line: 12, check_id: "hardcoded-secret", severity, title }]);
    const [finding] = findings;
    if (!finding) return;
    expect(FindingSchema.parse(finding)).toEqual(finding);
    expect(finding.quote).toBe(text); // the real line, for anchoring only
    expect(finding.category).toBe("security");
    expectNoLeak(finding, value);
  });

  const password = fakeChars(23, 28);
  it.each([
    ["attribute", "app/db.py", `        self.client_secret = "${password}"`],
    ["object key", "src/client.ts", `  apiKey: "${password}",`],
    ["quoted header name", "src/client.js", `  "x-api-key": '${password}',`],
    ["Go struct field", "db/conn.go", `\t\tPassword: "${password}",`],
    ["TS annotation", "src/auth.ts", `  private readonly authToken: string = "${password}";`],
    ["Go typed var", "auth/token.go", `var authToken string = "${password}"`],
    ["keyword argument", "app/db.py", `conn = connect(host="db", passwd="${password}")`],
    ["bearer header", "src/api.ts", `const headers = { Authorization: "Bearer ${password}" };`],
  ])("generic value on a secret-like name: %s", (_, path, text) => {
    const findings = detectSecrets([added(path, text)]);
    expect(findings.map(summary)).toEqual([
      { path, line: 11, check_id: "hardcoded-secret", severity: "high", title: `Hardcoded credential ${masked(password)}` },
    ]);
    expect(findings[0]?.confidence).toBe(0.6);
  });

  it("reports a private key once, on its header line, whatever the syntax", () => {
    const files = [
      added("src/keys.ts", `const key = "${BEGIN("RSA PRIVATE ")}\\n${PEM_BODY}\\n-----END RSA PRIVATE KEY-----";`),
      added("app/keys.py", 'KEY = """', BEGIN("PRIVATE "), PEM_BODY, PEM_BODY, "-----END PRIVATE KEY-----", '"""'),
      added("deploy/tls.yaml", "tls_key: |", `  ${BEGIN("EC PRIVATE ")}`, `  ${PEM_BODY}`, "  -----END EC PRIVATE KEY-----"),
    ];
    expect(detectSecrets(files).map(summary)).toEqual([
      { path: "src/keys.ts", line: 11, check_id: "hardcoded-secret", severity: "critical", title: `Hardcoded RSA private key ${masked(PEM_BODY)}` },
      { path: "app/keys.py", line: 12, check_id: "hardcoded-secret", severity: "critical", title: `Hardcoded private key ${masked(PEM_BODY)}` },
      { path: "deploy/tls.yaml", line: 12, check_id: "hardcoded-secret", severity: "critical", title: `Hardcoded EC private key ${masked(PEM_BODY)}` },
    ]);
    for (const finding of detectSecrets(files)) expectNoLeak(finding, PEM_BODY);
  });
});

describe("detectSecrets: false positives", () => {
  const github = `ghp_${fakeChars(30, 36)}`;
  const uuid = "3f2b9c1e-7a4d-4e8b-9c2f-1d6e5a7b8c9d";
  it.each([
    ["angle placeholder", "src/a.ts", 'const GITHUB_TOKEN = "<your-github-token-here>";'],
    ["changeme", "config/app.yaml", "db_password: changeme-changeme-2024"],
    ["x run", "src/a.py", `API_KEY = "${"x".repeat(32)}"`],
    ["low-variety token", "src/a.ts", `const t = "ghp_${"A".repeat(36)}";`],
    ["zero Stripe key", "src/a.ts", `const k = "sk_live_${"0".repeat(24)}";`],
    ["AWS docs key id", "src/a.py", `key_id = "${"AKIA"}IOSFODNN7${"EXAMPLE"}"`],
    ["template", "src/a.ts", "const token = `${prefix}${process.env.SUFFIX}-abcdefghijkl`;"],
    ["compose variable", "deploy/compose.yaml", "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?required}"],
    ["jinja", "deploy/app.yml", "api_token: '{{ vault_api_token_for_production }}'"],
    ["process.env", "src/a.ts", "const token = process.env.GITHUB_TOKEN_FOR_THE_APP;"],
    ["os.environ", "app/s.py", 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY_PRODUCTION"]'],
    ["os.Getenv", "cmd/main.go", 'token := os.Getenv("GITHUB_TOKEN_FOR_THE_APP")'],
    ["config read", "app/s.py", 'api_key = config.get("integrations.stripe.api_key")'],
    ["env default", ".env.example", "API_KEY=your-api-key-goes-here-1234"],
    ["docs comment", "src/a.ts", "// e.g. GITHUB_TOKEN=ghp_... (create one under Settings)"],
    ["short password", "src/a.ts", 'const password = "hunter2";'],
    ["short token", "app/a.py", 'token = "a1B2c3D4e5F6"'],
    ["low entropy", "src/a.ts", `const password = "${"ab".repeat(6)}${"c".repeat(12)}";`],
    ["repeated word", "app/a.py", `secret = "${"password".repeat(3)}"`],
    ["prose", "src/a.ts", 'const passwordHint = "Use at least twelve characters and a digit";'],
    ["UUID id", "src/a.ts", `const tokenId = "${uuid}";`],
    ["UUID request", "app/a.py", `request_id = "${uuid}"`],
    ["URL", "src/a.ts", 'const tokenUrl = "https://login.acme.io/oauth2/v1/token";'],
    ["hash name", "src/a.ts", `const passwordHash = "${fakeChars(31, 40, "0123456789abcdef")}";`],
    ["lock file hash", "package-lock.json", `      "integrity": "sha512-${fakeChars(32, 86, `${ALNUM}+/`)}=="`],
    ["unquoted expression in code", "src/a.ts", `const apiKey = ${fakeChars(33, 30)};`],
    ["marked fake in a test", "test/fixtures/tokens.ts", `export const FAKE_GITHUB_TOKEN = "${github}";`],
    ["public key", "src/k.ts", `const pub = "-----BEGIN PUBLIC KEY-----\\n${PEM_BODY}";`],
    ["header constant", "src/k.ts", `if (pem.startsWith("${BEGIN("RSA PRIVATE ")}")) {`],
  ])("%s", (_, path, text) => {
    expect(detectSecrets([added(path, text)])).toEqual([]);
  });

  it("ignores removed and context lines", () => {
    const file = withRows("src/a.ts", [`-const GITHUB_TOKEN = "${github}";`, ` const OTHER = "${github}";`, "+const GITHUB_TOKEN = process.env.GITHUB_TOKEN;"]);
    expect(detectSecrets([file])).toEqual([]);
  });
});

describe("maskSecret", () => {
  it.each([
    ["", "…"],
    ["abc", "…"],
    ["abcdefgh", "a…"],
    ["abcdefghij", "ab…j"],
    ["abcdefghijklmnop", "abc…p"],
    ["abcdefghijklmnopqrst", "abcd…st"],
    [`ghp_${"z".repeat(30)}9f`, "ghp_…9f"],
    [`${"🔑".repeat(9)}x`, "🔑🔑…x"],
  ])("%s → %s", (value, expected) => {
    expect(maskSecret(value)).toBe(expected);
  });

  it("never shows more than 6 characters, nor more than 30% of a short value", () => {
    for (let n = 0; n <= 80; n++) {
      const shown = Array.from(maskSecret(fakeChars(40 + n, n))).filter((c) => c !== "…").length;
      expect(shown).toBeLessThanOrEqual(Math.min(6, Math.floor(n * 0.3)));
    }
  });
});
