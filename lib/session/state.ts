/**
 * What the logics of one execution hand each other through SessionStorage: the work set
 * (read-orders) and each order's outcome (process-orders). Checked on read, so a missing step
 * fails with a clear message. The GraFx token is not among them: process-orders obtains and uses it.
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

/** The part of SessionStorageAgent the logics need (LOC's signatures). */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  /** Whether the value was stored. */
  putJson(key: string, value: unknown): Promise<boolean>;
}

/** Every schema here is built on first use (../lazy): a logic pays only for those it reads. */
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

const outcomesSchema = lazy(() => z.array(orderOutcomeSchema()));

export class SessionStateError extends Error {
  override name = "SessionStateError";
}

async function read<T>(session: SessionStore, key: string, schema: () => z.ZodMiniType<T>, writer: string): Promise<T> {
  const value = await session.get(key);
  if (value === null || value === undefined) throw new SessionStateError(`session key ${key} is missing: ${writer} did not run or did not finish`);
  const parsed = schema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SessionStateError(`session key ${key} is malformed at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

async function write(session: SessionStore, key: string, value: unknown): Promise<void> {
  if ((await session.putJson(key, value)) === false) throw new SessionStateError(`session key ${key} could not be stored: SessionStorage refused it`);
}

export const readWorkSet = (session: SessionStore) => read(session, SESSION_KEYS.workSet, workSetSchema, "read-orders");
export const writeWorkSet = (session: SessionStore, workSet: WorkSet) => write(session, SESSION_KEYS.workSet, workSet);

export const readOutcomes = (session: SessionStore) => read(session, SESSION_KEYS.outcomes, outcomesSchema, "process-orders");
export const writeOutcomes = (session: SessionStore, outcomes: OrderOutcome[]) => write(session, SESSION_KEYS.outcomes, outcomes);
