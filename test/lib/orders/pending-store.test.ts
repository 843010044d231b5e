import { describe, expect, it } from "vitest";
import { isExpired, loadPending, recordPending, removePending, type PendingRecord } from "../../../lib/orders/pending-store";
import { MemoryFileStore } from "../fakes";

const guid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const record = (n: number, firstSeenAt = "2025-01-01T00:00:00.000Z"): PendingRecord => ({ taskId: guid(n), environment: "acme", firstSeenAt });

/** Yields to the event loop a random number of times, so concurrent callers interleave. */
const jitter = () => {
  const turns = Math.floor(Math.random() * 4);
  return (async () => {
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  })();
};

describe("pending store", () => {
  it("keeps one small record per order and finds them again", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, { ...record(1, "2025-01-01T00:00:05.000Z"), orderId: "po-1", format: "pdf" });
    await recordPending(store, record(2));
    expect(JSON.parse(store.text(`.pending/${guid(1)}.json`)!)).toEqual({
      taskId: guid(1),
      orderId: "po-1",
      format: "pdf",
      environment: "acme",
      firstSeenAt: "2025-01-01T00:00:05.000Z",
    });
    const { records, unreadable } = await loadPending(store);
    expect(records.map((r) => r.taskId)).toEqual([guid(2), guid(1)]);
    expect(unreadable).toEqual([]);
  });

  it("finds nothing in a fresh store", async () => {
    await expect(loadPending(new MemoryFileStore())).resolves.toEqual({ records: [], unreadable: [] });
  });

  it("removes an order's record and only that one", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, record(1));
    await recordPending(store, record(2));
    await removePending(store, guid(1));
    expect((await loadPending(store)).records.map((r) => r.taskId)).toEqual([guid(2)]);
  });

  it("refuses to write a record that could escape its folder", async () => {
    const store = new MemoryFileStore();
    await expect(recordPending(store, { ...record(1), taskId: "../../x" })).rejects.toThrow();
    await expect(removePending(store, "../x")).rejects.toThrow();
    expect(store.files.size).toBe(0);
  });

  it("leaves an unreadable record in place and reports it, and ignores foreign files", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, record(1));
    await store.simplePut(`.pending/${guid(2)}.json`, "{not json", { ensureDir: true });
    await store.simplePut(".pending/notes.txt", "hello", { ensureDir: true });
    const { records, unreadable } = await loadPending(store);
    expect(records.map((r) => r.taskId)).toEqual([guid(1)]);
    expect(unreadable).toEqual([{ path: `.pending/${guid(2)}.json`, error: expect.any(String) }]);
    expect(store.files.has(`.pending/${guid(2)}.json`)).toBe(true);
  });

  it("keeps every order when two executions add and remove different orders at once", async () => {
    const store = new MemoryFileStore();
    store.delay = jitter;
    for (let n = 0; n < 20; n++) await recordPending(store, record(n));
    // Execution A finishes orders 0..9 while execution B records orders 100..119 and finishes 10..14.
    const executionA = Promise.all(Array.from({ length: 10 }, (_, n) => removePending(store, guid(n))));
    const executionB = Promise.all([
      ...Array.from({ length: 20 }, (_, n) => recordPending(store, record(100 + n))),
      ...Array.from({ length: 5 }, (_, n) => removePending(store, guid(10 + n))),
    ]);
    const reader = loadPending(store);
    await Promise.all([executionA, executionB, reader]);
    const left = (await loadPending(store)).records.map((r) => r.taskId).sort();
    const expected = [...Array.from({ length: 5 }, (_, n) => guid(15 + n)), ...Array.from({ length: 20 }, (_, n) => guid(100 + n))].sort();
    expect(left).toEqual(expected);
  });

  it("does not call a record removed by another execution during a listing unreadable", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, record(1));
    await recordPending(store, record(2));
    let listed = false;
    store.failWhen = (op, path) => {
      if (op === "list") listed = true;
      // The record disappears between the listing and the read.
      if (listed && op === "get" && path.includes(guid(1))) {
        store.files.delete(path);
        return true;
      }
      return false;
    };
    await expect(loadPending(store)).resolves.toEqual({ records: [record(2)], unreadable: [] });
  });

  it("expires a record older than the maximum age", () => {
    const now = Date.parse("2025-01-02T00:00:01.000Z");
    expect(isExpired(record(1, "2025-01-01T00:00:00.000Z"), now, 86400)).toBe(true);
    expect(isExpired(record(1, "2025-01-01T00:00:02.000Z"), now, 86400)).toBe(false);
  });
});
