/**
 * Step 1 of the data process: decide what this execution works on. New orders from the payload
 * are recorded as pending before anything else happens, so a crash later cannot lose them; an
 * empty payload takes up the pending orders instead, retiring those past their age.
 */
import { mapConcurrently } from "../concurrency";
import type { Logger } from "../log";
import type { Settings } from "../settings";
import type { ExpiredOrder, WorkOrder, WorkSet } from "../session/state";
import type { FileStore } from "./file-store";
import { parsePayload } from "./parse-payload";
import { isExpired, loadPending, pendingAgeSeconds, recordPending, removePending, type PendingRecord } from "./pending-store";

export interface PrepareDeps {
  store: FileStore;
  settings: Pick<Settings, "maxOrders" | "environment" | "maxPendingAgeSeconds" | "concurrency">;
  now: () => number;
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

async function recordBatch(orders: WorkOrder[], deps: PrepareDeps): Promise<void> {
  const failures: string[] = [];
  await mapConcurrently(orders, deps.settings.concurrency, async (order) => {
    try {
      await recordPending(deps.store, order);
    } catch (error) {
      failures.push(`task ${order.taskId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  // Working on an order that is not durably recorded could lose it: refuse the batch instead,
  // the caller can send it again.
  if (failures.length > 0) {
    throw new PendingRecordError(`could not record ${failures.length} pending order(s) in file storage "orders": ${failures.slice(0, 3).join("; ")}`);
  }
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
  const live = records.filter((record) => !isExpired(record, nowMs, deps.settings.maxPendingAgeSeconds));
  const expired = await retireExpired(
    records.filter((record) => isExpired(record, nowMs, deps.settings.maxPendingAgeSeconds)),
    deps,
    nowMs,
  );
  const taken = live.slice(0, deps.settings.maxOrders);
  const warnings = unreadable.map(({ path, error }) => `unreadable pending record ${path} (left in place): ${error}`);
  for (const warning of warnings) deps.log.warn({ event: "pending-record-unreadable", message: warning });
  return { ...emptyWorkSet("recheck"), orders: taken.map(toWorkOrder), expired, deferred: live.length - taken.length, warnings };
}

export async function prepareWorkSet(payload: unknown, deps: PrepareDeps): Promise<PreparedWorkSet> {
  const parsed = parsePayload(payload, { maxOrders: deps.settings.maxOrders, defaultEnvironment: deps.settings.environment });
  if (parsed.kind === "recheck") return recheckWorkSet(deps);
  if (parsed.kind === "invalid") {
    deps.log.warn({ event: "payload-invalid", issues: parsed.issues });
    return { ...emptyWorkSet("invalid"), payloadIssues: parsed.issues };
  }
  const firstSeenAt = new Date(deps.now()).toISOString();
  const orders: WorkOrder[] = parsed.orders.map(({ index, taskId, orderId, format }) => ({
    taskId,
    environment: parsed.environment,
    firstSeenAt,
    index,
    ...(orderId && { orderId }),
    ...(format && { format }),
  }));
  await recordBatch(orders, deps);
  for (const rejected of parsed.rejected) deps.log.warn({ event: "order-rejected", index: rejected.index, error: rejected.error });
  deps.log.info({ event: "orders-accepted", environment: parsed.environment, accepted: orders.length, rejected: parsed.rejected.length });
  return { ...emptyWorkSet("batch"), environment: parsed.environment, orders, rejected: parsed.rejected };
}
