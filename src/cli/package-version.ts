import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/*
 * Read at run time rather than imported: the file sits at a different depth under src/ (tests)
 * and dist/src/ (built), and an import would copy package.json into dist.
 */
export function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const json: unknown = JSON.parse(readFileSync(file, "utf8"));
      if (typeof json === "object" && json !== null && "name" in json && json.name === "backend-review" && "version" in json) {
        return String(json.version);
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "0.0.0";
    dir = parent;
  }
}
