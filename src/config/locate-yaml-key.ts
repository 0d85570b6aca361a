import { isMap, LineCounter, parseDocument } from "yaml";

/**
 * The 1-based line of a dotted key in a YAML text, or of its nearest existing parent, so an error
 * can point at the place to edit. Undefined when the text does not parse or has no such key.
 */
export function locateYamlKey(text: string, key: string): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) return undefined;
  let node: unknown = doc.contents;
  let line: number | undefined;
  for (const part of key.split(".")) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value ?? item.key) === part);
      if (!pair) break;
      const range = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (range) line = counter.linePos(range[0]).line;
      node = pair.value;
    } else if (node && typeof node === "object" && "items" in node && Array.isArray(node.items) && /^\d+$/.test(part)) {
      const item = node.items[Number(part)] as { range?: [number, number, number] } | undefined;
      if (!item?.range) break;
      line = counter.linePos(item.range[0]).line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}
