import { createHash } from "node:crypto";
import { toJSONSchema } from "zod/v4/core";
import { describe, expect, it } from "vitest";
import {
  outcomesSchema,
  readOutcomes,
  readWorkSet,
  SESSION_KEYS,
  SESSION_REVISION,
  SessionStateError,
  workSetSchema,
  writeOutcomes,
  writeWorkSet,
  type WorkSet,
  type SessionStore,
} from "../../../lib/session/state";

/** SessionStorage as LOC keeps it: JSON in, a parsed copy out. */
function memorySession(): SessionStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: async (key) => (values.has(key) ? JSON.parse(JSON.stringify(values.get(key))) : null),
    putJson: async (key, value) => (values.set(key, JSON.parse(JSON.stringify(value))), true),
  };
}

const workSet: WorkSet = {
  startedAt: 1_764_500_000_000,
  mode: "batch",
  environment: "acme",
  orders: [{ taskId: "0b6f1c1e-8a4f-4e3b-9f7c-1d2e3f4a5b6c", orderId: "order-1", format: "pdf", environment: "acme", firstSeenAt: "2026-11-30T21:00:00.000Z", index: 0 }],
  rejected: [{ index: 1, error: "taskId: invalid GUID" }],
  expired: [],
  deferred: 0,
  warnings: [],
  lease: { leaseId: "execution-1/task-1", leaseExpiresAt: "2026-11-30T21:02:00.000Z" },
};

/**
 * The shape each revision stands for. A change to the work set's or the outcomes' schemas changes
 * the digest: give SESSION_REVISION a new name and add its digest here, so logics of different
 * builds refuse each other's values instead of misreading them.
 */
const SHAPES: Record<string, string> = {
  "grafx-order-handling/session/1": "8c7ce576e5afa8b6",
  // The work set's leaseSettleUntil: process-orders reads the leases back.
  "grafx-order-handling/session/2": "fdf6265df6fa2dbb",
};

function shapeDigest(): string {
  const options = { unrepresentable: "any", io: "input" } as const;
  const shapes = { workSet: toJSONSchema(workSetSchema(), options), outcomes: toJSONSchema(outcomesSchema(), options) };
  return createHash("sha256").update(JSON.stringify(shapes)).digest("hex").slice(0, 16);
}

describe("session hand-off between the logics of one execution", () => {
  it("hands the work set and the outcomes on as they were written", async () => {
    const session = memorySession();
    await writeWorkSet(session, workSet);
    await writeOutcomes(session, [{ taskId: workSet.orders[0]!.taskId, environment: "acme", kind: "downloaded", path: "acme/x.pdf", bytes: 3 }]);
    expect(await readWorkSet(session)).toEqual(workSet);
    expect(await readOutcomes(session)).toEqual([{ taskId: workSet.orders[0]!.taskId, environment: "acme", kind: "downloaded", path: "acme/x.pdf", bytes: 3 }]);
    expect(session.values.get(SESSION_KEYS.workSet)).toMatchObject({ revision: SESSION_REVISION });
  });

  it("names the step that did not run when a key is missing", async () => {
    await expect(readWorkSet(memorySession())).rejects.toThrow(/session key grafx_order_handling\.work_set is missing: read-orders did not run or did not finish/);
    await expect(readOutcomes(memorySession())).rejects.toThrow(SessionStateError);
  });

  it.each([
    ["another revision", { revision: "grafx-order-handling/session/0", value: workSet }, /holds revision "grafx-order-handling\/session\/0"; this logic reads revision "grafx-order-handling\/session\/2": deploy read-orders and this logic from the same build/],
    ["a bare work set (no revision)", workSet, /holds a value without a revision/],
    ["a text", "work set", /holds a value without a revision/],
    ["a revision without a value", { revision: SESSION_REVISION }, /deploy read-orders and this logic from the same build/],
  ])("refuses %s with a message that says what to deploy", async (_what, stored, message) => {
    const session = memorySession();
    session.values.set(SESSION_KEYS.workSet, stored);
    await expect(readWorkSet(session)).rejects.toThrow(message);
  });

  it("has a revision that stands for the schemas' current shape", () => {
    expect(SHAPES[SESSION_REVISION], "the session values' shape changed: name a new SESSION_REVISION and add its digest to SHAPES").toBe(shapeDigest());
  });
});
