/**
 * No duplicate work, on the local runtime against the simulator: a re-check started while a batch
 * is downloading leaves the batch's orders to it (the lease in each pending record).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RecordedRequest } from "../../grafx-simulator";
import { startHarness, type Harness } from "./helpers";

describe("executions that overlap", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const ofTask = (taskId: string, stage: RecordedRequest["stage"]) =>
    h.sim.requests.filter((request) => request.stage === stage && request.path.split("/").includes(taskId));

  it("a re-check during a batch reports the batch's orders pending, asks GraFx nothing, and each order is downloaded once", async () => {
    // Each download is held a while, so the batch is still at it when the re-check starts.
    const tasks = Array.from({ length: 5 }, () => h.sim.createTask({ sizeBytes: 2000, faults: [{ latencyMs: 1200, stage: "download" }] }));
    const batch = h.execute({ orders: tasks.map(({ taskId }) => ({ taskId })) });
    await vi.waitFor(
      () => {
        if (!ofTask(tasks[0]!.taskId, "download").length) throw new Error(`no download yet: ${JSON.stringify(h.sim.requests.map((r) => [r.stage, r.path, r.status]))}`);
      },
      { timeout: 20_000, interval: 10 },
    );
    const record = JSON.parse(await readFile(join(h.ordersDir, ".pending", `${tasks[0]!.taskId}.json`), "utf8")) as Record<string, string>;
    expect(record).toMatchObject({ leaseId: expect.stringMatching(/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/), leaseExpiresAt: expect.any(String) });

    const statusesBefore = h.sim.requests.filter((request) => request.stage === "status").length;
    const recheck = await h.execute("");
    expect(recheck.status).toBe(202);
    expect(recheck.result.orders.map((order) => order.taskId).sort()).toEqual(tasks.map(({ taskId }) => taskId).sort());
    for (const order of recheck.result.orders) {
      expect(order).toMatchObject({ state: "pending", statusCode: 202, error: expect.stringContaining("being worked on by another execution") });
    }
    expect(h.sim.requests.filter((request) => request.stage === "status").length).toBe(statusesBefore);

    const done = await batch;
    expect(done.result.summary).toMatchObject({ total: 5, downloaded: 5 });
    for (const { taskId } of tasks) expect(ofTask(taskId, "download")).toHaveLength(1);
    expect((await h.files()).filter((path) => path.startsWith(".pending/"))).toEqual([]);
  });
});
