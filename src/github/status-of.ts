/** The HTTP status of an Octokit error (a RequestError or anything shaped like one), if it has one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") return error.status;
  return undefined;
}
