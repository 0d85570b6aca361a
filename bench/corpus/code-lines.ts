/**
 * Code-shaped lines for synthetic patches: identifiers, indentation and line lengths like real
 * server code, so parsing, rendering and token estimates see realistic text rather than filler.
 */
import type { Random } from "../lib/random.js";

export type Dialect = "ts" | "go" | "py" | "java" | "text";

const NAMES = ["order", "user", "account", "invoice", "session", "payload", "limit", "cursor", "tenant", "result", "rows", "query", "item", "cache", "request"];
const TYPES = ["Order", "User", "Account", "Invoice", "Session", "Page", "Tenant", "Result", "Config", "Event"];
const WORDS = ["could not load", "missing tenant", "invalid cursor", "retry later", "stale snapshot", "permission denied", "not found", "quota exceeded"];

type Template = (r: Random) => string;
const n = (r: Random) => r.pick(NAMES);
const t = (r: Random) => r.pick(TYPES);
const w = (r: Random) => r.pick(WORDS);

const TEMPLATES: Readonly<Record<Dialect, readonly Template[]>> = {
  ts: [
    (r) => `  const ${n(r)} = await ${n(r)}Repository.find${t(r)}(${n(r)}.id, { ${n(r)} });`,
    (r) => `  if (!${n(r)}) return res.status(404).json({ error: "${w(r)}" });`,
    (r) => `  for (const ${n(r)} of ${n(r)}s) {`,
    () => `  }`,
    (r) => `  // ${w(r)}: keep the ${n(r)} until the ${n(r)} is committed`,
    (r) => `export async function load${t(r)}(${n(r)}: ${t(r)}Id): Promise<${t(r)} | undefined> {`,
    (r) => `import { ${t(r)}Service } from "../${n(r)}/${n(r)}-service.js";`,
    (r) => `    logger.info({ ${n(r)}Id: ${n(r)}.id, ${n(r)} }, "${w(r)}");`,
    () => ``,
  ],
  go: [
    (r) => `\t${n(r)}, err := s.${n(r)}Store.Get${t(r)}(ctx, ${n(r)}ID)`,
    () => `\tif err != nil {`,
    (r) => `\t\treturn nil, fmt.Errorf("${w(r)}: %w", err)`,
    () => `\t}`,
    (r) => `func (s *${t(r)}Server) handle${t(r)}(w http.ResponseWriter, r *http.Request) {`,
    (r) => `\t// ${w(r)} when the ${n(r)} belongs to another tenant`,
    (r) => `\treturn json.NewEncoder(w).Encode(${n(r)})`,
    () => ``,
  ],
  py: [
    (r) => `    ${n(r)} = self.${n(r)}_repo.get_${n(r)}(${n(r)}_id=${n(r)}.id)`,
    (r) => `    if not ${n(r)}:`,
    (r) => `        raise ${t(r)}Error("${w(r)}")`,
    (r) => `def handle_${n(r)}(request, ${n(r)}_id: int) -> ${t(r)}:`,
    (r) => `    # ${w(r)}: the ${n(r)} may be missing after a retry`,
    (r) => `        return JsonResponse({"${n(r)}": ${n(r)}.to_dict()}, status=200)`,
    () => ``,
  ],
  java: [
    (r) => `        ${t(r)} ${n(r)} = ${n(r)}Repository.findById(${n(r)}Id).orElseThrow();`,
    (r) => `    public ResponseEntity<${t(r)}> get${t(r)}(@PathVariable long ${n(r)}Id) {`,
    (r) => `        log.debug("${w(r)} for {}", ${n(r)}Id);`,
    () => `    }`,
    (r) => `    @GetMapping("/${n(r)}s/{id}")`,
    () => ``,
  ],
  text: [
    (r) => `The ${n(r)} endpoint now returns ${w(r)} when the ${n(r)} is missing.`,
    (r) => `- \`${n(r)}\`: the ${n(r)} of the current ${t(r)}`,
    (r) => `  "${n(r)}": "${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}",`,
    () => ``,
  ],
};

/**
 * One line in the dialect; about one added TypeScript line in 60 is a textbook SQL injection, so
 * the stand-in model reports findings and the review posts inline comments as a real one would.
 */
export function codeLine(r: Random, dialect: Dialect, risky = false): string {
  if (risky && dialect === "ts" && r.chance(1 / 60)) {
    return `  const { rows } = await db.query(\`SELECT * FROM ${n(r)}s WHERE id = '\${req.params.id}'\`);`;
  }
  return r.pick(TEMPLATES[dialect])(r);
}

export function codeLines(r: Random, dialect: Dialect, count: number, risky = false): string[] {
  return Array.from({ length: count }, () => codeLine(r, dialect, risky));
}
