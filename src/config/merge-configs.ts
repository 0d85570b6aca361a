/**
 * Layers configuration files: later ones (the repository's) override earlier ones (the org's
 * defaults). Mappings merge key by key; lists and values are replaced whole, so a repository
 * that sets `paths.exclude` gets exactly its own list.
 */
export function mergeConfigs(layers: readonly unknown[]): Record<string, unknown> {
  let result: Record<string, unknown> = {};
  for (const layer of layers) if (isMapping(layer)) result = mergeTwo(result, layer);
  return result;
}

function mergeTwo(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    const merged = isMapping(existing) && isMapping(value) ? mergeTwo(existing, value) : value;
    // Defined, not assigned: a `__proto__` key in YAML must stay a key (and be reported as unknown)
    // rather than silently become the prototype of the merged configuration.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
