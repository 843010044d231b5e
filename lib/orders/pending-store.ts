/**
 * Pending orders, kept durably between executions as one small JSON record per order at
 * `.pending/<taskId>.json` in the `orders` file storage. Adding or removing one order touches only
 * its own record, so executions running at once never overwrite each other's orders (no
 * read-modify-write of a shared list).
 *
 * The record also holds the LEASE of the execution working on the order (`leaseId`,
 * `leaseExpiresAt`): an execution takes it before it checks the order, another one that finds it
 * unexpired leaves the order alone, and it goes with the record (final outcome) or is released
 * (the order stays pending). After a crash nobody releases it: it expires, and the order is worked
 * again. See `takeLeases` for what a file storage without compare-and-set allows.
 */
import "../zod-config";
import * as z from "zod/mini";
import { lazy } from "../lazy";
import { mapConcurrently } from "../concurrency";
import type { FileStore } from "./file-store";
import { storedOrderFields, taskIdSchema } from "./schema";

export const PENDING_DIR = ".pending";

/** Built on first use (../lazy), as every schema here. */
export const leaseSchema = lazy(() =>
  z.object({
    /** Who holds the order: one LOC task (`<executionId>/<taskId>`). */
    leaseId: z.string().check(z.minLength(1), z.maxLength(200)),
    /** ISO 8601: the holder stops working on the order by then (see ../time-budget). */
    leaseExpiresAt: z.iso.datetime(),
  }),
);
export type Lease = z.infer<ReturnType<typeof leaseSchema>>;

export const pendingRecordSchema = lazy(() =>
  z.object({
    ...storedOrderFields(),
    leaseId: z.optional(leaseSchema().shape.leaseId),
    leaseExpiresAt: z.optional(leaseSchema().shape.leaseExpiresAt),
  }),
);

export type PendingRecord = z.infer<ReturnType<typeof pendingRecordSchema>>;

const RECORD_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;

export function pendingRecordPath(taskId: string): string {
  return `${PENDING_DIR}/${taskIdSchema().parse(taskId)}.json`;
}

/** Writes the record as given: with a lease when it has one, without when it has none. */
export async function recordPending(store: FileStore, record: PendingRecord): Promise<void> {
  const { taskId, orderId, format, environment, firstSeenAt, leaseId, leaseExpiresAt } = pendingRecordSchema().parse(record);
  const lease = leaseId !== undefined && leaseExpiresAt !== undefined ? { leaseId, leaseExpiresAt } : {};
  await store.simplePut(pendingRecordPath(taskId), JSON.stringify({ taskId, orderId, format, environment, firstSeenAt, ...lease }), {
    ensureDir: true,
  });
}

/** Only after the order's file is written (or the order failed for good). */
export async function removePending(store: FileStore, taskId: string): Promise<void> {
  await store.delete(pendingRecordPath(taskId));
}

async function readRecord(store: FileStore, taskId: string): Promise<PendingRecord> {
  const text = new TextDecoder().decode(await store.simpleGet(pendingRecordPath(taskId)));
  const record = pendingRecordSchema().parse(JSON.parse(text));
  if (record.taskId !== taskId) throw new Error(`the record holds task ${record.taskId}`);
  return record;
}

/** One order's record as it is now; undefined when it is gone or cannot be read. */
export async function readPending(store: FileStore, taskId: string): Promise<PendingRecord | undefined> {
  try {
    return await readRecord(store, taskId);
  } catch {
    return undefined;
  }
}

export function pendingAgeSeconds(record: PendingRecord, nowMs: number): number {
  return (nowMs - Date.parse(record.firstSeenAt)) / 1000;
}

export function isExpired(record: PendingRecord, nowMs: number, maxAgeSeconds: number): boolean {
  return pendingAgeSeconds(record, nowMs) > maxAgeSeconds;
}

/** The record's lease when one is set and has not expired at `nowMs`. */
export function liveLease(record: PendingRecord, nowMs: number): Lease | undefined {
  const { leaseId, leaseExpiresAt } = record;
  if (leaseId === undefined || leaseExpiresAt === undefined || Date.parse(leaseExpiresAt) <= nowMs) return undefined;
  return { leaseId, leaseExpiresAt };
}

/** Whether another execution than `leaseId` holds the order at `nowMs`. */
export function leasedByOther(record: PendingRecord, leaseId: string, nowMs: number): boolean {
  const lease = liveLease(record, nowMs);
  return lease !== undefined && lease.leaseId !== leaseId;
}

export function withoutLease(record: PendingRecord): PendingRecord {
  const { leaseId: _leaseId, leaseExpiresAt: _expiresAt, ...rest } = record;
  return rest;
}

/**
 * Hands the order back (it stays pending) when the lease is still `leaseId`'s: the record is
 * written again without it. A record gone or taken over meanwhile is left as it is.
 */
export async function releaseLease(store: FileStore, taskId: string, leaseId: string): Promise<void> {
  const current = await readRecord(store, taskId).catch(() => undefined);
  if (current?.leaseId !== leaseId) return;
  await recordPending(store, withoutLease(current));
}

export interface LoadedPending {
  /** Oldest first. */
  records: PendingRecord[];
  /** Record files that could not be read or parsed: left in place for an operator, never deleted. */
  unreadable: Array<{ path: string; error: string }>;
}

export async function loadPending(store: FileStore, concurrency = 16): Promise<LoadedPending> {
  await store.createDirAll(PENDING_DIR);
  const names = (await store.list(PENDING_DIR))
    .filter((entry) => entry.type === "file")
    .map((entry) => RECORD_NAME.exec(entry.name.toLowerCase())?.[1])
    .filter((taskId): taskId is string => taskId !== undefined);
  const failures: Array<{ taskId: string; path: string; error: string }> = [];
  const loaded = await mapConcurrently(names, concurrency, async (taskId) => {
    try {
      return await readRecord(store, taskId);
    } catch (error) {
      failures.push({ taskId, path: pendingRecordPath(taskId), error: error instanceof Error ? error.message.slice(0, 200) : String(error) });
      return undefined;
    }
  });
  const records = loaded.filter((record): record is PendingRecord => record !== undefined);
  // A record another execution removed since the listing is simply gone, not unreadable.
  const stillThere = failures.length === 0 ? new Set<string>() : new Set((await store.list(PENDING_DIR)).map((entry) => entry.name.toLowerCase()));
  const unreadable = failures
    .filter((failure) => stillThere.has(`${failure.taskId}.json`))
    .map(({ path, error }) => ({ path, error }));
  records.sort((a, b) => Date.parse(a.firstSeenAt) - Date.parse(b.firstSeenAt) || a.taskId.localeCompare(b.taskId));
  return { records, unreadable };
}

/** What became of one order when an execution tried to take its lease. */
export type Claim =
  /** The lease is ours: the record as written. */
  | { kind: "taken"; record: PendingRecord }
  /** Another execution holds it (until then, when known). */
  | { kind: "held"; until?: string }
  /** (Pending orders only) the record is gone or unreadable: nothing to take. */
  | { kind: "gone" }
  /** The lease could not be written. */
  | { kind: "failed"; error: string };

export interface ClaimOptions {
  lease: Lease;
  /**
   * `submitted`: the payload's orders: the record is (re)written from `records` unless another
   * execution holds it (an unreadable record is overwritten). `pending`: orders found pending:
   * only a record still there is taken, as it is on disk.
   */
  mode: "submitted" | "pending";
  concurrency: number;
  now: () => number;
}

/** The shortest and longest wait between writing the leases and reading them back. */
export const LEASE_SETTLE_MIN_MS = 50;
export const LEASE_SETTLE_MAX_MS = 2_000;

export interface TakenLeases {
  /** Per record, in order; a `taken` one is ours only once `confirmLease` reads it back so. */
  claims: Claim[];
  /** Epoch ms from which the leases written may be read back; absent when none was written. */
  settleUntil?: number;
}

/**
 * Takes the lease on each order for `options.lease.leaseId`: reads the record, leaves it alone when
 * another execution holds an unexpired lease, otherwise writes it with ours. A lease taken this way
 * is provisional: nothing may change the order's record or its output before `confirmLease` has
 * read it back, after `settleUntil`, and found it still ours.
 *
 * File storage has no compare-and-set, so two executions can both find an order free and both
 * write; the last write wins and the read-back tells the loser. What remains: execution B read the
 * record before A's write landed, and B's write lands after A's read-back; then both proceed. The
 * wait before the read-back is twice the slowest read-then-write this execution saw (at least
 * LEASE_SETTLE_MIN_MS), so that needs B's own read-then-write to take much longer than A's did on
 * the same storage. The cost when it happens is one duplicate download of that order, never a lost
 * or corrupt file (the pending record stays until some execution finishes the order; file writes
 * are atomic and the same bytes land at the same path). The wait need not be idle: process-orders
 * checks the orders' status meanwhile (a read that changes nothing), and reads back before it
 * downloads or changes anything: taking an order at the same moment as another execution costs at
 * most a second status call.
 */
export async function takeLeases(store: FileStore, records: readonly PendingRecord[], options: ClaimOptions): Promise<TakenLeases> {
  const { lease, mode, concurrency, now } = options;
  let slowestMs = 0;
  const claims = await mapConcurrently(records, concurrency, async (record): Promise<Claim> => {
    const started = now();
    const current = await readPending(store, record.taskId);
    if (current && leasedByOther(current, lease.leaseId, now())) return { kind: "held", until: current.leaseExpiresAt };
    if (!current && mode === "pending") return { kind: "gone" };
    const leased: PendingRecord = { ...withoutLease(mode === "pending" && current ? current : record), ...lease };
    try {
      await recordPending(store, leased);
    } catch (error) {
      return { kind: "failed", error: error instanceof Error ? error.message : String(error) };
    }
    slowestMs = Math.max(slowestMs, now() - started);
    return { kind: "taken", record: leased };
  });
  if (!claims.some((claim) => claim.kind === "taken")) return { claims };
  return { claims, settleUntil: now() + Math.min(LEASE_SETTLE_MAX_MS, Math.max(LEASE_SETTLE_MIN_MS, 2 * slowestMs)) };
}

/**
 * Reads a lease taken by `takeLeases` back: still ours (`taken`), or taken over by a later write or
 * finished and removed by the execution that won (`held`). Call it once `settleUntil` has passed.
 */
export async function confirmLease(store: FileStore, taskId: string, leaseId: string): Promise<Claim> {
  const current = await readPending(store, taskId);
  if (current?.leaseId === leaseId) return { kind: "taken", record: current };
  return { kind: "held", ...(current?.leaseExpiresAt !== undefined && { until: current.leaseExpiresAt }) };
}

/**
 * Each order's lease read back once, after `settleUntil` (none set: at once); the same answer for
 * every call about the same order. The wait starts now, so the caller's work meanwhile (the status
 * checks) hides it.
 */
export function leaseConfirmations(
  store: FileStore,
  leaseId: string,
  settleUntil: number | undefined,
  clock: { now(): number; sleep(ms: number): Promise<void> },
): (taskId: string) => Promise<Claim> {
  const settled = settleUntil === undefined ? Promise.resolve() : clock.sleep(Math.max(0, settleUntil - clock.now()));
  const confirmed = new Map<string, Promise<Claim>>();
  return (taskId) => {
    let claim = confirmed.get(taskId);
    if (!claim) {
      claim = settled.then(() => confirmLease(store, taskId, leaseId));
      confirmed.set(taskId, claim);
    }
    return claim;
  };
}
