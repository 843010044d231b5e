/**
 * No duplicate work: an order one execution works on is left alone by another that overlaps it
 * (the lease in its pending record), and after a crash the lease runs out and the order is worked
 * again.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../fakes";
import { runExecution, guid, newWorld, orderPayload, pendingPath, type World } from "./run-execution";
import { readOrders } from "../../../lib/steps/read-orders";
import { fakeAgents } from "../fakes";

let world: World;

beforeEach(() => {
  world = newWorld();
});

const isDownload = (request: RecordedRequest) => request.url.includes("/files/");
const isStatus = (request: RecordedRequest) => request.url.includes("/output/tasks/");
const record = (n: number) => JSON.parse(world.store.text(pendingPath(n)) ?? "null") as Record<string, unknown> | null;

/** Holds the first `count` downloads until `open()`; `arrived` resolves once they are all waiting. */
function holdDownloads(count: number) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrivedCount = 0;
  let allArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const answer = world.grafx.api.route;
  world.grafx.api.route = async (request, signal) => {
    if (isDownload(request) && arrivedCount < count) {
      if (++arrivedCount === count) allArrived();
      await gate;
    }
    return answer(request, signal);
  };
  return { arrived, open };
}

/** Only the requests `run` makes, whatever ran before. */
async function requestsDuring<T>(run: () => Promise<T>): Promise<{ value: T; requests: RecordedRequest[] }> {
  const before = world.grafx.api.requests.length;
  const value = await run();
  return { value, requests: world.grafx.api.requests.slice(before) };
}

describe("leases: one execution per order at a time", () => {
  it("skips the orders a running batch holds: a re-check overlapping it answers them pending and downloads nothing", async () => {
    const orders = [1, 2, 3].map((n) => ({ taskId: guid(n) }));
    for (const n of [1, 2, 3]) world.grafx.tasks.set(guid(n), { state: "finished" });
    const held = holdDownloads(3);
    const batch = runExecution(world, orderPayload({ orders }), { executionId: "exec-a" });
    await held.arrived;

    const { value: recheck, requests } = await requestsDuring(() => runExecution(world, orderPayload(""), { executionId: "exec-b" }));
    expect(recheck.statusCode).toBe(202);
    expect(recheck.result.summary).toMatchObject({ total: 3, pending: 3, downloaded: 0 });
    for (const order of recheck.result.orders) {
      expect(order).toMatchObject({ state: "pending", statusCode: 202, error: expect.stringContaining("being worked on by another execution") });
    }
    expect(requests).toEqual([]);

    held.open();
    const done = await batch;
    expect(done.result.summary).toMatchObject({ total: 3, downloaded: 3 });
    const downloads = world.grafx.api.requests.filter(isDownload).map((request) => request.url);
    expect(downloads.sort()).toEqual(orders.map(({ taskId }) => `https://api.grafx.example/files/${taskId}`).sort());
    expect([...world.store.files.keys()].filter((path) => path.startsWith(".pending/"))).toEqual([]);
  });

  it("skips an order sent again while another execution works on it, and leaves that execution's record alone", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const held = holdDownloads(1);
    const first = runExecution(world, orderPayload({ orders: [{ taskId: guid(1), orderId: "po-1" }] }), { executionId: "exec-a" });
    await held.arrived;
    const recordedByFirst = world.store.text(pendingPath(1));

    const { value: again, requests } = await requestsDuring(() =>
      runExecution(world, orderPayload({ orders: [{ taskId: guid(1), orderId: "po-1" }] }), { executionId: "exec-b" }),
    );
    expect(again.statusCode).toBe(202);
    expect(again.result.orders).toEqual([
      expect.objectContaining({ taskId: guid(1), orderId: "po-1", state: "pending", error: expect.stringContaining("another execution") }),
    ]);
    expect(requests).toEqual([]);
    expect(world.store.text(pendingPath(1))).toBe(recordedByFirst);

    held.open();
    expect((await first).result.orders[0]).toMatchObject({ state: "downloaded", path: "acme/po-1.pdf" });
    expect(world.grafx.api.requests.filter(isDownload)).toHaveLength(1);
  });

  it("checks the orders while their leases settle, and downloads only those it still holds when it reads them back", async () => {
    for (const n of [1, 2]) world.grafx.tasks.set(guid(n), { state: "finished" });
    const events: string[] = [];
    world.store.failWhen = (op, path) => {
      if (op === "get" && path.startsWith(".pending/")) events.push(`read ${path}`);
      return false;
    };
    const answer = world.grafx.api.route;
    world.grafx.api.route = async (request, signal) => {
      events.push(`${isDownload(request) ? "download" : "check"} ${request.url.includes(guid(1)) ? 1 : 2}`);
      // Another execution writes its lease on order 2 after ours, while ours settles.
      if (isStatus(request) && request.url.includes(guid(2))) {
        const ours = JSON.parse(world.store.text(pendingPath(2))!) as Record<string, unknown>;
        await world.store.simplePut(pendingPath(2), JSON.stringify({ ...ours, leaseId: "exec-b/task-1" }));
      }
      return answer(request, signal);
    };
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }] }), { executionId: "exec-a" });

    expect(run.result.orders).toEqual([
      expect.objectContaining({ taskId: guid(1), state: "downloaded" }),
      expect.objectContaining({ taskId: guid(2), state: "pending", error: expect.stringContaining("being worked on by another execution") }),
    ]);
    // Each order: its lease taken (read), checked, read back, and only then downloaded.
    const at = (event: string) => events.lastIndexOf(event);
    for (const n of [1, 2]) expect(at(`check ${n}`)).toBeLessThan(at(`read ${pendingPath(n)}`));
    expect(at(`read ${pendingPath(1)}`)).toBeLessThan(at("download 1"));
    expect(events).not.toContain("download 2");
    expect(record(2)).toMatchObject({ leaseId: "exec-b/task-1" });
  });

  it("holds the lease until the execution's time is up: TIME_BUDGET_SECONDS + REQUEST_TIMEOUT_SECONDS + 30 s", async () => {
    world.variables.TIME_BUDGET_SECONDS = "100";
    world.variables.REQUEST_TIMEOUT_SECONDS = "20";
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const held = holdDownloads(1);
    const startedAt = world.clock.time;
    const batch = runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }), { executionId: "exec-a" });
    await held.arrived;
    expect(record(1)).toMatchObject({ leaseId: "exec-a/task-1", leaseExpiresAt: new Date(startedAt + 150_000).toISOString() });
    held.open();
    await batch;
    expect(record(1)).toBeNull();
  });

  it("releases the lease of an order that stays pending, so the next re-check checks it at once", async () => {
    world.grafx.tasks.set(guid(1), { state: "pending" });
    let leasedWhileChecked: unknown;
    const answer = world.grafx.api.route;
    world.grafx.api.route = (request, signal) => {
      leasedWhileChecked = record(1)?.leaseId;
      return answer(request, signal);
    };
    await runExecution(world, orderPayload({ orders: [{ taskId: guid(1), format: "pdf" }] }), { executionId: "exec-a" });
    expect(leasedWhileChecked).toBe("exec-a/task-1");
    expect(record(1)).toEqual({ taskId: guid(1), format: "pdf", environment: "acme", firstSeenAt: expect.any(String) });

    world.grafx.tasks.set(guid(1), { state: "finished" });
    const recheck = await runExecution(world, orderPayload(""), { executionId: "exec-b" });
    expect(recheck.result.orders).toEqual([expect.objectContaining({ taskId: guid(1), state: "downloaded" })]);
  });

  it("releases the lease when there is no token, so the next re-check takes the order at once", async () => {
    let leasedWhileAuthenticating: unknown;
    world.grafx.tokenAnswers = [
      () => {
        leasedWhileAuthenticating = record(1)?.leaseId;
        return new Response(JSON.stringify({ error: "access_denied" }), { status: 401 });
      },
    ];
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const refused = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }), { executionId: "exec-a" });
    expect(refused.result.orders[0]).toMatchObject({ reason: "credentials-refused" });
    expect(leasedWhileAuthenticating).toBe("exec-a/task-1");
    expect(record(1)).not.toHaveProperty("leaseId");

    const recheck = await runExecution(world, orderPayload(""), { executionId: "exec-b" });
    expect(recheck.result.orders).toEqual([expect.objectContaining({ taskId: guid(1), state: "downloaded" })]);
  });

  it("works an order again once the lease of an execution that crashed has run out", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const { agents } = fakeAgents({ variables: world.variables, files: { orders: world.store }, clock: world.clock });
    await readOrders({ task: { taskKey: { executionId: "exec-crashed", taskId: "task-1" } }, payload: async () => orderPayload({ orders: [{ taskId: guid(1) }] }) }, agents);
    const expiresAt = Date.parse(String(record(1)!.leaseExpiresAt));

    const whileHeld = await requestsDuring(() => runExecution(world, orderPayload(""), { executionId: "exec-b" }));
    expect(whileHeld.value.result.orders).toEqual([expect.objectContaining({ state: "pending", error: expect.stringContaining(new Date(expiresAt).toISOString()) })]);
    expect(whileHeld.requests).toEqual([]);
    expect(world.grafx.auth.requests).toEqual([]);

    world.clock.time = expiresAt + 1;
    const after = await runExecution(world, orderPayload(""), { executionId: "exec-c" });
    expect(after.result.orders).toEqual([expect.objectContaining({ taskId: guid(1), state: "downloaded" })]);
    expect(record(1)).toBeNull();
  });

  it("gives two re-checks started together each order once: one download each, at most a second status call", async () => {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      world.grafx.tasks.set(guid(n), { state: "pending" });
      await runExecution(world, orderPayload({ orders: [{ taskId: guid(n) }] }));
      world.grafx.tasks.set(guid(n), { state: "finished" });
    }
    // Storage calls interleave for real, and so does the wait before a lease is read back (the fake
    // clock's sleeps would return at once).
    world.store.delay = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    world.clock.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const before = world.grafx.api.requests.length;
    const runs = await Promise.all([
      runExecution(world, orderPayload(""), { executionId: "exec-a" }),
      runExecution(world, orderPayload(""), { executionId: "exec-b" }),
    ]);
    const downloaded = runs.flatMap((run) => run.result.orders.filter((order) => order.state === "downloaded").map((order) => order.taskId));
    expect(downloaded.sort()).toEqual([1, 2, 3, 4, 5, 6].map(guid));
    const requests = world.grafx.api.requests.slice(before);
    expect(requests.filter(isDownload)).toHaveLength(6);
    // The status checks run while the leases settle: an order both took is checked by both.
    const checks = requests.filter((request) => isStatus(request) && !isDownload(request));
    expect(checks.length).toBeGreaterThanOrEqual(6);
    expect(checks.length).toBeLessThanOrEqual(12);
  });

  it("answers 500 for an order whose lease cannot be written in a re-check, and asks GraFx nothing about it", async () => {
    world.grafx.tasks.set(guid(1), { state: "pending" });
    await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    world.store.failWhen = (op, path) => op === "put" && path === pendingPath(1);
    const { value: run, requests } = await requestsDuring(() => runExecution(world, orderPayload("")));
    expect(run.statusCode).toBe(500);
    expect(run.result.orders).toEqual([
      expect.objectContaining({ taskId: guid(1), state: "failed", reason: "storage-failed", error: expect.stringContaining("could not take the lease") }),
    ]);
    expect(requests).toEqual([]);
    expect(record(1)).toEqual(expect.objectContaining({ taskId: guid(1) }));
  });
});
