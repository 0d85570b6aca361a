import picomatch from "picomatch";

/**
 * Which repositories a deployment serves, from comma-separated `owner/repo` globs (`acme/*`).
 * An empty allow list allows all; the deny list wins.
 */
export function createRepositoryFilter(allow: readonly string[], deny: readonly string[]): (fullName: string) => boolean {
  const options = { nocase: true, dot: true };
  const allowed = allow.length === 0 ? () => true : picomatch([...allow], options);
  const denied = deny.length === 0 ? () => false : picomatch([...deny], options);
  return (fullName) => allowed(fullName) && !denied(fullName);
}

export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
