import { describe, expect, it } from "vitest";
import {
  confirmLease,
  isExpired,
  leaseConfirmations,
  LEASE_SETTLE_MIN_MS,
  loadPending,
  recordPending,
  releaseLease,
  removePending,
  takeLeases,
  type Claim,
  type ClaimOptions,
  type PendingRecord,
} from "../../../lib/orders/pending-store";
import type { FileStore } from "../../../lib/orders/file-store";
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

describe("pending store: leases", () => {
  const now = Date.parse("2025-01-01T00:01:00.000Z");
  const later = "2025-01-01T00:04:00.000Z";
  const earlier = "2025-01-01T00:00:30.000Z";
  const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const options = (leaseId: string, mode: ClaimOptions["mode"] = "pending", extra: Partial<ClaimOptions> = {}): ClaimOptions => ({
    lease: { leaseId, leaseExpiresAt: later },
    mode,
    concurrency: 4,
    now: () => now,
    ...extra,
  });
  /** What read-orders and then process-orders do: take the leases, wait out the settle time, read each back. */
  async function claimLeases(store: FileStore, records: PendingRecord[], claimOptions: ClaimOptions): Promise<Claim[]> {
    const { claims, settleUntil } = await takeLeases(store, records, claimOptions);
    const confirm = leaseConfirmations(store, claimOptions.lease.leaseId, settleUntil, { now: claimOptions.now, sleep: realSleep });
    return Promise.all(claims.map((claim) => (claim.kind === "taken" ? confirm(claim.record.taskId) : claim)));
  }
  const onDisk = (store: MemoryFileStore, n: number) => JSON.parse(store.text(`.pending/${guid(n)}.json`)!) as PendingRecord;

  it("writes the lease into the record and reads it back", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, { ...record(1), leaseId: "exec-a/task-1", leaseExpiresAt: later });
    expect(onDisk(store, 1)).toEqual({ ...record(1), leaseId: "exec-a/task-1", leaseExpiresAt: later });
    expect((await loadPending(store)).records).toEqual([{ ...record(1), leaseId: "exec-a/task-1", leaseExpiresAt: later }]);
  });

  it("takes a free order, an order whose lease ran out, and leaves one another execution holds", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, record(1));
    await recordPending(store, { ...record(2), leaseId: "exec-old", leaseExpiresAt: earlier });
    await recordPending(store, { ...record(3), leaseId: "exec-other", leaseExpiresAt: later });
    const claims = await claimLeases(store, [record(1), record(2), record(3)], options("exec-me"));
    expect(claims.map((claim) => claim.kind)).toEqual(["taken", "taken", "held"]);
    expect(claims[2]).toEqual({ kind: "held", until: later });
    expect(onDisk(store, 1)).toMatchObject({ leaseId: "exec-me", leaseExpiresAt: later });
    expect(onDisk(store, 2)).toMatchObject({ leaseId: "exec-me" });
    expect(onDisk(store, 3)).toMatchObject({ leaseId: "exec-other" });
  });

  it("takes a pending order as it is on disk, and none that is gone", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, { ...record(1), orderId: "po-1" });
    const claims = await claimLeases(store, [record(1), record(2)], options("exec-me"));
    expect(claims.map((claim) => claim.kind)).toEqual(["taken", "gone"]);
    expect(onDisk(store, 1)).toMatchObject({ orderId: "po-1", leaseId: "exec-me" });
    expect(store.files.has(`.pending/${guid(2)}.json`)).toBe(false);
  });

  it("records a submitted order with the lease in one write, over an unreadable record too", async () => {
    const store = new MemoryFileStore();
    await store.simplePut(`.pending/${guid(2)}.json`, "{not json", { ensureDir: true });
    const claims = await claimLeases(store, [record(1), record(2)], options("exec-me", "submitted"));
    expect(claims.map((claim) => claim.kind)).toEqual(["taken", "taken"]);
    expect(onDisk(store, 1)).toEqual({ ...record(1), leaseId: "exec-me", leaseExpiresAt: later });
    expect(onDisk(store, 2)).toEqual({ ...record(2), leaseId: "exec-me", leaseExpiresAt: later });
  });

  it("reports a lease it could not write, and sets no settle time when it wrote none", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, record(1));
    store.failWhen = (op) => op === "put";
    const taken = await takeLeases(store, [record(1)], options("exec-me", "pending"));
    expect(taken).toEqual({ claims: [{ kind: "failed", error: expect.stringContaining("storage unavailable") }] });
  });

  it("settles at least LEASE_SETTLE_MIN_MS, and twice the slowest read-then-write, after the last write", async () => {
    const store = new MemoryFileStore();
    let clock = now;
    store.delay = async () => {
      clock += 40;
    };
    const slow = await takeLeases(store, [record(1)], options("exec-me", "submitted", { now: () => clock }));
    // One read and one write of 40 ms each: 80 ms, waited twice over.
    expect(slow.settleUntil).toBe(clock + 160);
    const fast = await takeLeases(new MemoryFileStore(), [record(1)], options("exec-me", "submitted"));
    expect(fast.settleUntil).toBe(now + LEASE_SETTLE_MIN_MS);
  });

  it("reads a lease back as ours, or as held when a later write took it or the winner removed the record", async () => {
    const store = new MemoryFileStore();
    const { claims } = await takeLeases(store, [record(1), record(2), record(3)], options("exec-me", "submitted"));
    expect(claims.map((claim) => claim.kind)).toEqual(["taken", "taken", "taken"]);
    await recordPending(store, { ...record(2), leaseId: "exec-other", leaseExpiresAt: later });
    await removePending(store, guid(3));
    await expect(confirmLease(store, guid(1), "exec-me")).resolves.toEqual({ kind: "taken", record: { ...record(1), leaseId: "exec-me", leaseExpiresAt: later } });
    await expect(confirmLease(store, guid(2), "exec-me")).resolves.toEqual({ kind: "held", until: later });
    await expect(confirmLease(store, guid(3), "exec-me")).resolves.toEqual({ kind: "held" });
  });

  it("lets exactly one of several executions take each order when they claim at once", async () => {
    const store = new MemoryFileStore();
    store.delay = jitter;
    const orders = Array.from({ length: 12 }, (_, n) => record(n));
    for (const order of orders) await recordPending(store, order);
    const executions = ["exec-a", "exec-b", "exec-c"];
    const claims = await Promise.all(executions.map((id) => claimLeases(store, orders, options(id))));
    for (let n = 0; n < orders.length; n++) {
      const takers = executions.filter((_, e) => claims[e]![n]!.kind === "taken");
      expect(takers).toEqual([onDisk(store, n).leaseId]);
    }
  });

  it("can be beaten by a writer slower than its wait: the window the comment on takeLeases names", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, record(1));
    // B reads the free record, then stalls past A's whole claim before its write lands.
    let stallB!: () => void;
    const bMayWrite = new Promise<void>((resolve) => (stallB = resolve));
    const slowStore: FileStore = {
      simpleGet: (path) => store.simpleGet(path),
      simplePut: async (path, data, putOptions) => {
        await bMayWrite;
        return store.simplePut(path, data, putOptions);
      },
      delete: (path) => store.delete(path),
      list: (path) => store.list(path),
      createDirAll: (path) => store.createDirAll(path),
    };
    const b = claimLeases(slowStore, [record(1)], options("exec-b"));
    const a = await claimLeases(store, [record(1)], options("exec-a"));
    stallB();
    expect(a.map((claim) => claim.kind)).toEqual(["taken"]);
    expect((await b).map((claim) => claim.kind)).toEqual(["taken"]);
  });

  it("releases its own lease only, keeping the order pending", async () => {
    const store = new MemoryFileStore();
    await recordPending(store, { ...record(1), orderId: "po-1", leaseId: "exec-me", leaseExpiresAt: later });
    await recordPending(store, { ...record(2), leaseId: "exec-other", leaseExpiresAt: later });
    await releaseLease(store, guid(1), "exec-me");
    await releaseLease(store, guid(2), "exec-me");
    await releaseLease(store, guid(3), "exec-me");
    expect(onDisk(store, 1)).toEqual({ ...record(1), orderId: "po-1" });
    expect(onDisk(store, 2)).toMatchObject({ leaseId: "exec-other" });
    expect(store.files.has(`.pending/${guid(3)}.json`)).toBe(false);
  });
});
