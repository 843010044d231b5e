import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { beforeEach, describe, expect, it } from "vitest";
import { MemorySessionStorage } from "../fakes";
import { newWorld, orderPayload, pendingPath, guid, runExecution, type World } from "./run-execution";

let world: World;

beforeEach(() => {
  world = newWorld();
});

describe("grafx-order-handling over fakes: batches, re-checks, limits", () => {
  it("downloads finished orders, keeps pending ones, reports failed ones, and answers the worst code", async () => {
    const output = new TextEncoder().encode("%PDF-1.7 print file");
    world.grafx.tasks.set(guid(1), { state: "finished", body: output });
    world.grafx.tasks.set(guid(2), { state: "pending" });
    world.grafx.tasks.set(guid(3), { state: "failed" });
    world.grafx.tasks.set(guid(4), { state: "finished", contentType: "image/png" });
    const run = await runExecution(
      world,
      orderPayload({ orders: [{ taskId: guid(1), format: "pdf" }, { taskId: guid(2) }, { taskId: guid(3) }, { taskId: guid(4), orderId: "po-4" }] }),
    );
    expect(run.statusCode).toBe(502);
    expect(run.result).toMatchObject({
      taskKey: { executionId: "exec-1", taskId: "task-1" },
      mode: "batch",
      environment: "acme",
      summary: { total: 4, downloaded: 2, pending: 1, failed: 1, rejected: 0, expired: 0 },
    });
    expect(run.result.orders).toEqual([
      {
        taskId: guid(1),
        state: "downloaded",
        statusCode: 200,
        path: `acme/${guid(1)}.pdf`,
        bytes: output.byteLength,
        sha256: bytesToHex(sha256(output)),
        contentType: "application/pdf",
      },
      { taskId: guid(2), state: "pending", statusCode: 202 },
      {
        taskId: guid(3),
        state: "failed",
        reason: "task-failed",
        statusCode: 502,
        error: `task ${guid(3)}: GraFx reports the task failed: Rendering failed: font missing`,
      },
      expect.objectContaining({ taskId: guid(4), orderId: "po-4", state: "downloaded", path: "acme/po-4.png", contentType: "image/png" }),
    ]);
    expect(world.store.files.get(`acme/${guid(1)}.pdf`)).toEqual(output);
    // Only the pending order is still remembered.
    expect([...world.store.files.keys()].filter((path) => path.startsWith(".pending/"))).toEqual([pendingPath(2)]);
  });

  it("re-checks the pending orders on an empty payload until they are done", async () => {
    world.grafx.tasks.set(guid(1), { state: "pending" });
    const first = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1), format: "jpg" }] }));
    expect(first.statusCode).toBe(202);

    const stillPending = await runExecution(world, orderPayload(""));
    expect(stillPending).toMatchObject({ statusCode: 202, result: { mode: "recheck", summary: { total: 1, pending: 1 } } });

    world.grafx.tasks.set(guid(1), { state: "finished", contentType: "image/jpeg" });
    const done = await runExecution(world, orderPayload({}));
    expect(done.statusCode).toBe(200);
    expect(done.result.orders).toEqual([expect.objectContaining({ taskId: guid(1), state: "downloaded", path: `acme/${guid(1)}.jpg` })]);
    expect(world.store.files.has(pendingPath(1))).toBe(false);

    const nothingLeft = await runExecution(world, orderPayload(""));
    expect(nothingLeft).toMatchObject({ statusCode: 200, result: { summary: { total: 0 }, orders: [] } });
  });

  it("answers a bad payload with 400 naming every bad field, and asks GraFx nothing", async () => {
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: "x" }], environment: "../up" }));
    expect(run.statusCode).toBe(400);
    expect(run.result.error).toEqual({
      name: "InvalidPayload",
      message: expect.stringContaining("orders[0].taskId: invalid GUID"),
      issues: ["environment: expected 1 to 64 letters, digits, '_' or '-', starting with a letter or digit", "orders[0].taskId: invalid GUID"],
    });
    expect(world.grafx.api.requests).toHaveLength(0);
    expect(world.grafx.auth.requests).toHaveLength(0);
    expect(world.store.files.size).toBe(0);
  });

  it("answers malformed JSON with 400", async () => {
    const run = await runExecution(world, orderPayload('{"orders": [}'));
    expect(run.statusCode).toBe(400);
    expect(run.result.error?.message).toMatch(/malformed JSON/);
  });

  it("rejects one bad order alone while the others are processed", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: "nope" }, { taskId: guid(1) }] }));
    expect(run.statusCode).toBe(400);
    expect(run.result.orders).toEqual([
      { taskId: "nope", state: "rejected", statusCode: 400, error: "orders[0].taskId: invalid GUID" },
      expect.objectContaining({ taskId: guid(1), state: "downloaded" }),
    ]);
  });

  it("refuses the whole batch (500 through the railway) when its orders cannot be recorded as pending", async () => {
    world.store.failWhen = (op, path) => op === "put" && path.startsWith(".pending/");
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(500);
    expect(run.result.error).toMatchObject({ name: "PendingRecordError", message: expect.stringContaining("could not record 1 pending order") });
    expect(world.grafx.api.requests).toHaveLength(0);
  });

  it("reports orders pending longer than MAX_PENDING_AGE_SECONDS as expired and forgets them", async () => {
    world.variables.MAX_PENDING_AGE_SECONDS = "3600";
    world.grafx.tasks.set(guid(1), { state: "pending" });
    await runExecution(world, orderPayload({ orders: [{ taskId: guid(1), orderId: "po-1" }] }));
    world.clock.time += 3601_000;
    const run = await runExecution(world, orderPayload(""));
    expect(run.statusCode).toBe(504);
    expect(run.result).toMatchObject({ summary: { total: 1, expired: 1 } });
    expect(run.result.orders[0]).toMatchObject({ taskId: guid(1), orderId: "po-1", state: "expired", statusCode: 504 });
    expect(world.store.files.has(pendingPath(1))).toBe(false);
  });

  it("writes the same file again on a re-run of the same order", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const first = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1), orderId: "po-1" }] }));
    const second = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1), orderId: "po-1" }] }));
    expect(second.result.orders).toEqual(first.result.orders);
    expect([...world.store.files.keys()]).toEqual(["acme/po-1.pdf"]);
  });

  it("ends with a 500 result naming the error when a setting is bad", async () => {
    world.variables.CONCURRENCY = "lots";
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(500);
    expect(run.result.error).toEqual({ name: "SettingsError", message: 'logic variable CONCURRENCY: expected an integer from 1 to 256, got "lots"' });
  });

  it("needs the client id and secret only when there is something to check", async () => {
    delete world.variables.GRAFX_CLIENT_SECRET;
    expect((await runExecution(world, orderPayload(""))).statusCode).toBe(200);
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.result.error).toMatchObject({ name: "SettingsError", message: expect.stringContaining("GRAFX_CLIENT_SECRET") });
    expect(world.store.files.has(pendingPath(1))).toBe(true);
  });

  it("checks the next orders while earlier ones download: at most CONCURRENCY checks and DOWNLOAD_CONCURRENCY downloads at once", async () => {
    world.variables.CONCURRENCY = "2";
    world.variables.DOWNLOAD_CONCURRENCY = "1";
    for (let i = 1; i <= 6; i++) world.grafx.tasks.set(guid(i), { state: "finished" });
    const inFlight = { checks: 0, downloads: 0, maxChecks: 0, maxDownloads: 0, checksStarted: 0 };
    const downloadsWent: string[] = [];
    // The first download goes on until a third check has started: without checks going on during
    // downloads it would wait for nothing (both check slots held by orders waiting to download).
    let thirdCheck!: () => void;
    const thirdCheckStarted = new Promise<void>((resolve) => (thirdCheck = resolve));
    const answer = world.grafx.api.route;
    world.grafx.api.route = async (request, signal) => {
      const isDownload = new URL(request.url).pathname.startsWith("/files/");
      if (isDownload) {
        inFlight.maxDownloads = Math.max(inFlight.maxDownloads, ++inFlight.downloads);
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("after waiting in vain"), 1000)));
        downloadsWent.push(await Promise.race([thirdCheckStarted.then(() => "with a third check started"), gaveUp]));
        clearTimeout(timer);
        inFlight.downloads--;
        return answer(request, signal);
      }
      inFlight.maxChecks = Math.max(inFlight.maxChecks, ++inFlight.checks);
      if (++inFlight.checksStarted === 3) thirdCheck();
      await Promise.resolve();
      inFlight.checks--;
      return answer(request, signal);
    };
    const run = await runExecution(world, orderPayload({ orders: Array.from({ length: 6 }, (_, i) => ({ taskId: guid(i + 1) })) }));
    expect(run.result.summary).toMatchObject({ total: 6, downloaded: 6 });
    expect(downloadsWent).toEqual(Array(6).fill("with a third check started"));
    expect(inFlight.maxChecks).toBeLessThanOrEqual(2);
    expect(inFlight.maxDownloads).toBe(1);
  });

  it("leaves orders it had no time for pending, and says so", async () => {
    world.variables.TIME_BUDGET_SECONDS = "1";
    world.variables.CONCURRENCY = "1";
    world.grafx.tasks.set(guid(1), { state: "finished" });
    world.grafx.tasks.set(guid(2), { state: "finished" });
    // Every GraFx call takes 1.5 s: the first order uses the whole budget up.
    const answer = world.grafx.api.route;
    world.grafx.api.route = (request, signal) => {
      world.clock.time += 1500;
      return answer(request, signal);
    };
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }] }));
    expect(run.result.orders[0]).toMatchObject({ taskId: guid(1), state: "downloaded" });
    expect(run.result.orders[1]).toMatchObject({ taskId: guid(2), state: "pending", error: expect.stringContaining("TIME_BUDGET_SECONDS") });
    expect(world.store.files.has(pendingPath(2))).toBe(true);
  });

  it("cuts a request still running at the end of the time budget, and keeps its order pending", async () => {
    world.variables.TIME_BUDGET_SECONDS = "1";
    world.variables.REQUEST_TIMEOUT_SECONDS = "1";
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const answer = world.grafx.api.route;
    world.grafx.api.route = (request, signal) => {
      if (!request.url.includes("/files/")) {
        // The status check ends 1.9 s into the execution: past the deadline, 0.1 s before the hard stop.
        world.clock.time += 1900;
        return answer(request, signal);
      }
      // A download that trickles on, never idle and never done.
      const trickle = new ReadableStream<Uint8Array>({
        pull: async (controller) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          controller.enqueue(new Uint8Array(1));
        },
      });
      return new Response(trickle.pipeThrough(new TransformStream(), { signal }));
    };
    const started = Date.now();
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "unreachable", error: expect.stringContaining("time budget") });
    expect(world.store.files.has(pendingPath(1))).toBe(true);
    expect([...world.store.files.keys()].filter((path) => path.startsWith("acme/"))).toEqual([]);
  });

  it("fails through the railway (500) when SessionStorage answers that it did not store a value", async () => {
    const session = new MemorySessionStorage();
    session.refusePuts = true;
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }), { session });
    expect(run.statusCode).toBe(500);
    expect(run.result.error).toMatchObject({ name: "SessionStateError", message: expect.stringContaining("could not be stored") });
  });

  it("re-checks at most MAX_ORDERS pending orders, oldest first, and defers the rest", async () => {
    world.variables.MAX_ORDERS = "2";
    for (const n of [1, 2, 3]) {
      world.grafx.tasks.set(guid(n), { state: "pending" });
      await runExecution(world, orderPayload({ orders: [{ taskId: guid(n) }] }));
      world.clock.time += 1000;
    }
    const run = await runExecution(world, orderPayload(""));
    expect(run.result.orders.map((order) => order.taskId)).toEqual([guid(1), guid(2)]);
    expect(run.result.deferred).toBe(1);
    expect(run.statusCode).toBe(202);
  });
});
