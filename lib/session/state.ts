/**
 * What the logics of one execution hand each other through SessionStorage: the work set
 * (read-orders) and each order's outcome (process-orders). The GraFx token is not among them:
 * process-orders obtains and uses it.
 *
 * A value is stored with the revision of this hand-off (`SESSION_REVISION`), and a reader takes
 * only its own revision: SessionStorage belongs to one task, so the only writers are this data
 * process's own logics, which build these values from input they validated; what can differ is
 * the build a logic was deployed from (LOC deploys each logic on its own). A missing step or
 * logics of different builds fail with a clear message. The zod schemas below give the types and
 * are not parsed at run time: re-parsing the work set cold in two logics of every execution (a
 * logic's bundle is evaluated afresh for every run) was ~3 ms of each execution's CPU.
 * test/lib/session/state.test.ts ties the revision to the schemas' shape.
 */
import "../zod-config";
import * as z from "zod/mini";
import { lazy } from "../lazy";
import { leaseSchema } from "../orders/pending-store";
import { environmentSchema, orderIdSchema, storedOrderFields, taskIdSchema } from "../orders/schema";
import { FAILURE_REASONS, type OutcomeKind } from "../status/status-policy";

export const SESSION_KEYS = {
  workSet: "grafx_order_handling.work_set",
  outcomes: "grafx_order_handling.outcomes",
} as const;

/** Changes whenever the shape of a value below changes (the test checks it). */
export const SESSION_REVISION = "grafx-order-handling/session/2";

/** The part of SessionStorageAgent the logics need (LOC's signatures). */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  /** Whether the value was stored. */
  putJson(key: string, value: unknown): Promise<boolean>;
}

/** The shapes handed on: types, and the revision test's reference (a logic never builds them). */
export const workOrderSchema = lazy(() =>
  z.object({
    ...storedOrderFields(),
    /** Position in the payload (batch mode). */
    index: z.optional(z.int().check(z.nonnegative())),
    /**
     * Set when this execution does not check the order (it holds no lease on it): the outcome it
     * reports instead — `pending` while another execution works on it, `storage-failed` when the
     * lease could not be written. GraFx is not asked about it.
     */
    skip: z.optional(z.object({ kind: z.enum(["pending", "storage-failed"]), error: z.string() })),
  }),
);
export type WorkOrder = z.infer<ReturnType<typeof workOrderSchema>>;

const rejectedOrderSchema = lazy(() =>
  z.object({
    index: z.int().check(z.nonnegative()),
    taskId: z.optional(z.string()),
    orderId: z.optional(z.string()),
    error: z.string(),
  }),
);

const expiredOrderSchema = lazy(() => z.extend(workOrderSchema(), { ageSeconds: z.number() }));
export type ExpiredOrder = z.infer<ReturnType<typeof expiredOrderSchema>>;

export const workSetSchema = lazy(() =>
  z.object({
    /** Epoch ms when read-orders started: the execution's time budget counts from here. */
    startedAt: z.number(),
    /** `batch`: the payload's orders; `recheck`: the pending ones (empty payload). */
    mode: z.enum(["batch", "recheck", "invalid"]),
    environment: z.optional(environmentSchema()),
    orders: z.array(workOrderSchema()),
    rejected: z.array(rejectedOrderSchema()),
    expired: z.array(expiredOrderSchema()),
    /** A payload refused as a whole: every bad field by its zod path. */
    payloadIssues: z.optional(z.array(z.string())),
    /** Pending orders left for a later execution (more than MAX_ORDERS were pending). */
    deferred: z.int().check(z.nonnegative()),
    /** Things an operator should know that are not about one order (e.g. an unreadable record). */
    warnings: z.array(z.string()),
    /** This execution's lease on the orders it works on (those without `skip`). */
    lease: z.optional(leaseSchema()),
    /**
     * Epoch ms from which process-orders may read the leases back (see takeLeases): until it has,
     * an order's lease is provisional and nothing of the order may change. Set when any was written.
     */
    leaseSettleUntil: z.optional(z.number()),
  }),
);
export type WorkSet = z.infer<ReturnType<typeof workSetSchema>>;

const outcomeKindSchema = lazy(
  () => z.enum(["downloaded", "pending", "rejected", "expired", ...FAILURE_REASONS]) satisfies z.ZodMiniType<OutcomeKind>,
);

export const orderOutcomeSchema = lazy(() =>
  z.object({
    taskId: taskIdSchema(),
    orderId: z.optional(orderIdSchema()),
    environment: environmentSchema(),
    kind: outcomeKindSchema(),
    path: z.optional(z.string()),
    bytes: z.optional(z.int().check(z.nonnegative())),
    sha256: z.optional(z.string()),
    contentType: z.optional(z.string()),
    error: z.optional(z.string()),
    retryAfterSeconds: z.optional(z.number()),
  }),
);
export type OrderOutcome = z.infer<ReturnType<typeof orderOutcomeSchema>>;

export const outcomesSchema = lazy(() => z.array(orderOutcomeSchema()));

export class SessionStateError extends Error {
  override name = "SessionStateError";
}

function revisionOf(value: unknown): unknown {
  return typeof value === "object" && value !== null && "revision" in value ? value.revision : undefined;
}

async function read<T>(session: SessionStore, key: string, writer: string): Promise<T> {
  const stored = await session.get(key);
  if (stored === null || stored === undefined) throw new SessionStateError(`session key ${key} is missing: ${writer} did not run or did not finish`);
  const revision = revisionOf(stored);
  if (revision !== SESSION_REVISION || !("value" in (stored as object))) {
    const found = typeof revision === "string" ? `revision ${JSON.stringify(revision.slice(0, 100))}` : "a value without a revision";
    throw new SessionStateError(
      `session key ${key} holds ${found}; this logic reads revision ${JSON.stringify(SESSION_REVISION)}: deploy ${writer} and this logic from the same build`,
    );
  }
  return (stored as { value: T }).value;
}

async function write(session: SessionStore, key: string, value: unknown): Promise<void> {
  if ((await session.putJson(key, { revision: SESSION_REVISION, value })) === false) throw new SessionStateError(`session key ${key} could not be stored: SessionStorage refused it`);
}

export const readWorkSet = (session: SessionStore) => read<WorkSet>(session, SESSION_KEYS.workSet, "read-orders");
export const writeWorkSet = (session: SessionStore, workSet: WorkSet) => write(session, SESSION_KEYS.workSet, workSet);

export const readOutcomes = (session: SessionStore) => read<OrderOutcome[]>(session, SESSION_KEYS.outcomes, "process-orders");
export const writeOutcomes = (session: SessionStore, outcomes: OrderOutcome[]) => write(session, SESSION_KEYS.outcomes, outcomes);
