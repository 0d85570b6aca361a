import nock from "nock";
import { ANTHROPIC, GITHUB } from "./app-under-test.js";
import { EXAMPLE_REPO } from "./webhook-payloads.js";

/** What the App sent, for assertions on exactly what users would see. */
export interface Captured {
  checkCreate?: Record<string, unknown>;
  checkUpdate?: Record<string, unknown>;
  reviews: Record<string, unknown>[];
  modelRequests: Record<string, unknown>[];
  notices: Record<string, unknown>[];
}

export function capture(): Captured {
  return { reviews: [], modelRequests: [], notices: [] };
}

export function mockCheckRun(c: Captured) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => ((c.checkCreate = body), true))
    .reply(201, { id: 77 })
    .patch(`${EXAMPLE_REPO}/check-runs/77`, (body: Record<string, unknown>) => ((c.checkUpdate = body), true))
    .reply(200, { id: 77 });
}

export function mockFiles(files: unknown[]) {
  return nock(GITHUB).get(`${EXAMPLE_REPO}/pulls/2/files`).query({ per_page: "100" }).reply(200, files);
}

export function mockReview(c: Captured, status = 200) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/pulls/2/reviews`, (body: Record<string, unknown>) => (c.reviews.push(body), true))
    .reply(status, status === 200 ? { id: 501 } : { message: "Unprocessable Entity", errors: ["Line could not be resolved"] });
}

export function mockModel(c: Captured, reply: unknown, times = 1) {
  return nock(ANTHROPIC)
    .post("/v1/messages", (body: Record<string, unknown>) => (c.modelRequests.push(body), true))
    .times(times)
    .reply(200, reply as nock.Body);
}


/** A check run created already completed (skipped, invalid configuration, over budget). */
export function mockCompletedCheck(c: Captured) {
  return nock(GITHUB)
    .post(`${EXAMPLE_REPO}/check-runs`, (body: Record<string, unknown>) => ((c.checkCreate = body), true))
    .reply(201, { id: 78 });
}
