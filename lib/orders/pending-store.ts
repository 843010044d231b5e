/**
 * Pending orders, kept durably between executions as one small JSON record per order at
 * `.pending/<taskId>.json` in the `orders` file storage. Adding or removing one order touches only
 * its own record, so executions running at once never overwrite each other's orders (no
 * read-modify-write of a shared list).
 */
import * as z from "zod";
import { mapConcurrently } from "../concurrency";
import type { FileStore } from "./file-store";
import { environmentSchema, formatSchema, orderIdSchema, taskIdSchema } from "./schema";

export const PENDING_DIR = ".pending";

export const pendingRecordSchema = z.object({
  taskId: taskIdSchema,
  orderId: orderIdSchema.optional(),
  format: formatSchema.optional(),
  environment: environmentSchema,
  /** ISO 8601: when the order was (last) submitted. */
  firstSeenAt: z.iso.datetime(),
});

export type PendingRecord = z.infer<typeof pendingRecordSchema>;

const RECORD_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;

export function pendingRecordPath(taskId: string): string {
  return `${PENDING_DIR}/${taskIdSchema.parse(taskId)}.json`;
}

export async function recordPending(store: FileStore, record: PendingRecord): Promise<void> {
  const { taskId, orderId, format, environment, firstSeenAt } = pendingRecordSchema.parse(record);
  await store.simplePut(pendingRecordPath(taskId), JSON.stringify({ taskId, orderId, format, environment, firstSeenAt }), {
    ensureDir: true,
  });
}

/** Only after the order's file is written (or the order failed for good). */
export async function removePending(store: FileStore, taskId: string): Promise<void> {
  await store.delete(pendingRecordPath(taskId));
}

export function pendingAgeSeconds(record: PendingRecord, nowMs: number): number {
  return (nowMs - Date.parse(record.firstSeenAt)) / 1000;
}

export function isExpired(record: PendingRecord, nowMs: number, maxAgeSeconds: number): boolean {
  return pendingAgeSeconds(record, nowMs) > maxAgeSeconds;
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
    const path = pendingRecordPath(taskId);
    try {
      const text = new TextDecoder().decode(await store.simpleGet(path));
      const record = pendingRecordSchema.parse(JSON.parse(text));
      if (record.taskId !== taskId) throw new Error(`the record holds task ${record.taskId}`);
      return record;
    } catch (error) {
      failures.push({ taskId, path, error: error instanceof Error ? error.message.slice(0, 200) : String(error) });
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
