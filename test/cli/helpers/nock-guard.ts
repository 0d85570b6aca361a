import nock from "nock";
import { expect } from "vitest";

/**
 * Clears every mock, then fails the test if one was never called: clearing first keeps a failed
 * test from leaking its mocks (and temporary repositories cleaned up after this) into the next.
 */
export function expectNoPendingMocks(): void {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
}
