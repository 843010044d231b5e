/**
 * Step 1 of the data process: decide what this execution works on. New orders from the payload
 * are recorded as pending before anything else happens, so a crash later cannot lose them; an
 * empty payload takes up the pending orders instead, retiring those past their age. Either way the
 * execution takes the lease on each order (in the same write as the record, for a new order), and
 * an order another execution holds is left to it: reported pending, not checked.
 */
import { mapConcurrently } from "../concurrency";
import type { Logger } from "../log";
import type { Settings } from "../settings";
import type { ExpiredOrder, WorkOrder, WorkSet } from "../session/state";
import type { FileStore } from "./file-store";
import { parsePayload } from "./parse-payload";
import {
  isExpired,
  leasedByOther,
  loadPending,
  pendingAgeSeconds,
  removePending,
  takeLeases,
  type Claim,
  type Lease,
  type PendingRecord,
} from "./pending-store";

export interface PrepareDeps {
  store: FileStore;
  settings: Pick<Settings, "maxOrders" | "environment" | "maxPendingAgeSeconds" | "concurrency">;
  now: () => number;
  /** This execution's lease: who it is, and until when it may work on an order. */
  lease: Lease;
  log: Logger;
}

export class PendingRecordError extends Error {
  override name = "PendingRecordError";
}

/** The work set before read-orders stamps its start time on it. */
export type PreparedWorkSet = Omit<WorkSet, "startedAt">;

const emptyWorkSet = (mode: WorkSet["mode"]): PreparedWorkSet => ({ mode, orders: [], rejected: [], expired: [], deferred: 0, warnings: [] });

function toWorkOrder(record: PendingRecord): WorkOrder {
  const { taskId, orderId, format, environment, firstSeenAt } = record;
  return { taskId, environment, firstSeenAt, ...(orderId && { orderId }), ...(format && { format }) };
}

function heldElsewhere(until: string | undefined): NonNullable<WorkOrder["skip"]> {
  const when = until === undefined ? "" : ` (its lease ends at ${until})`;
  return { kind: "pending", error: `being worked on by another execution${when}; it stays pending and is not checked here` };
}

/** The order as this execution reports it after its claim; undefined when there is nothing left of it. */
function claimedOrder(order: WorkOrder, claim: Claim): WorkOrder | undefined {
  switch (claim.kind) {
    case "taken":
      return order;
    case "held":
      return { ...order, skip: heldElsewhere(claim.until) };
    case "gone":
      return undefined;
    case "failed":
      return { ...order, skip: { kind: "storage-failed", error: `task ${order.taskId}: could not take the lease in file storage "orders": ${claim.error}` } };
  }
}

const settledFrom = (settleUntil: number | undefined) => (settleUntil === undefined ? {} : { leaseSettleUntil: settleUntil });

function claimOptions(deps: PrepareDeps, mode: "submitted" | "pending") {
  return { lease: deps.lease, mode, concurrency: deps.settings.concurrency, now: deps.now };
}

/**
 * Records the payload's orders as pending, each with this execution's lease unless another holds it
 * (provisionally: process-orders reads each lease back before it changes anything of the order).
 */
async function recordBatch(orders: WorkOrder[], deps: PrepareDeps): Promise<{ orders: WorkOrder[]; leaseSettleUntil?: number }> {
  const { claims, settleUntil } = await takeLeases(deps.store, orders, claimOptions(deps, "submitted"));
  const failures = orders.flatMap((order, i) => {
    const claim = claims[i];
    return claim?.kind === "failed" ? [`task ${order.taskId}: ${claim.error}`] : [];
  });
  // Working on an order that is not durably recorded could lose it: refuse the batch instead,
  // the caller can send it again.
  if (failures.length > 0) {
    throw new PendingRecordError(`could not record ${failures.length} pending order(s) in file storage "orders": ${failures.slice(0, 3).join("; ")}`);
  }
  // A submitted order is never `gone`: its record is written whatever was there.
  const claimed = orders.map((order, i) => claimedOrder(order, claims[i]!) ?? { ...order, skip: heldElsewhere(undefined) });
  return { orders: claimed, ...settledFrom(settleUntil) };
}

async function retireExpired(records: PendingRecord[], deps: PrepareDeps, nowMs: number): Promise<ExpiredOrder[]> {
  const expired: ExpiredOrder[] = [];
  for (const record of records) {
    const ageSeconds = Math.floor(pendingAgeSeconds(record, nowMs));
    expired.push({ ...toWorkOrder(record), ageSeconds });
    deps.log.warn({ event: "order-expired", taskId: record.taskId, environment: record.environment, ageSeconds });
    await removePending(deps.store, record.taskId).catch((error: unknown) => {
      deps.log.warn({ event: "pending-remove-failed", taskId: record.taskId, error: error instanceof Error ? error.message : String(error) });
    });
  }
  return expired;
}

async function recheckWorkSet(deps: PrepareDeps): Promise<PreparedWorkSet> {
  const nowMs = deps.now();
  const { records, unreadable } = await loadPending(deps.store, deps.settings.concurrency);
  // An order another execution holds is its business, even past its age: it is retired later.
  const held = new Set(records.filter((record) => leasedByOther(record, deps.lease.leaseId, nowMs)).map((record) => record.taskId));
  const free = records.filter((record) => !held.has(record.taskId));
  const live = free.filter((record) => !isExpired(record, nowMs, deps.settings.maxPendingAgeSeconds));
  const expired = await retireExpired(
    free.filter((record) => isExpired(record, nowMs, deps.settings.maxPendingAgeSeconds)),
    deps,
    nowMs,
  );
  const taken = live.slice(0, deps.settings.maxOrders);
  const { claims, settleUntil } = await takeLeases(deps.store, taken, claimOptions(deps, "pending"));
  const claimed = new Map(taken.map((record, i) => [record.taskId, claimedOrder(toWorkOrder(record), claims[i]!)]));
  // Oldest first, as loaded; the orders held elsewhere are listed (pending) but cost nothing.
  const orders = records.flatMap((record) => {
    if (held.has(record.taskId)) return [{ ...toWorkOrder(record), skip: heldElsewhere(record.leaseExpiresAt) }];
    return claimed.get(record.taskId) ?? [];
  });
  const warnings = unreadable.map(({ path, error }) => `unreadable pending record ${path} (left in place): ${error}`);
  for (const warning of warnings) deps.log.warn({ event: "pending-record-unreadable", message: warning });
  return { ...emptyWorkSet("recheck"), orders, expired, deferred: live.length - taken.length, warnings, lease: deps.lease, ...settledFrom(settleUntil) };
}

export async function prepareWorkSet(payload: unknown, deps: PrepareDeps): Promise<PreparedWorkSet> {
  const parsed = parsePayload(payload, { maxOrders: deps.settings.maxOrders, defaultEnvironment: deps.settings.environment });
  if (parsed.kind === "recheck") return recheckWorkSet(deps);
  if (parsed.kind === "invalid") {
    deps.log.warn({ event: "payload-invalid", issues: parsed.issues });
    return { ...emptyWorkSet("invalid"), payloadIssues: parsed.issues };
  }
  const firstSeenAt = new Date(deps.now()).toISOString();
  const submitted: WorkOrder[] = parsed.orders.map(({ index, taskId, orderId, format }) => ({
    taskId,
    environment: parsed.environment,
    firstSeenAt,
    index,
    ...(orderId && { orderId }),
    ...(format && { format }),
  }));
  const { orders, ...settle } = await recordBatch(submitted, deps);
  for (const rejected of parsed.rejected) deps.log.warn({ event: "order-rejected", index: rejected.index, error: rejected.error });
  const busy = orders.filter((order) => order.skip).length;
  deps.log.info({ event: "orders-accepted", environment: parsed.environment, accepted: orders.length, rejected: parsed.rejected.length, heldElsewhere: busy });
  return { ...emptyWorkSet("batch"), environment: parsed.environment, orders, rejected: parsed.rejected, lease: deps.lease, ...settle };
}
