/**
 * The schedule replaces the tutorial's setInterval: an order still pending when it was posted is
 * downloaded by a later scheduled run (empty payload), and its pending record goes away.
 */
import { setTimeout as delay } from "node:timers/promises";
import { expect, it, onTestFinished } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { postJson } from "./helpers/http";
import { startLocalLoc } from "./helpers/local-loc";
import { orderHandling, sha256 } from "./helpers/order-result";

/** Long enough that the first check surely sees the task unfinished, even on a busy CI machine. */
const TASK_DURATION_MS = 3_000;

/**
 * The simulator decides "finished" by its clock alone (no event, no way to finish a task early), so
 * the test waits until that instant has passed.
 */
async function until(instant: number): Promise<void> {
  while (Date.now() <= instant) await delay(instant - Date.now() + 1);
}

it("downloads a pending order on a later scheduled run and drops its pending record", { timeout: 30_000 }, async () => {
  // Yearly, so only runNow ticks it during the test.
  const e2e = await startLocalLoc({ schedules: ["0 0 1 1 *"] });
  onTestFinished(() => e2e.close());
  // A first execution (nothing pending yet) pays the cold start before the task's clock runs.
  expect((await postJson(`${e2e.url}/grafx/orders`, {})).status).toBe(200);
  const task = e2e.sim.createTask({ format: "pdf", sizeBytes: 4096, durationMs: TASK_DURATION_MS });
  const finishedAt = Date.now() + TASK_DURATION_MS;
  const pending = `.pending/${task.taskId}.json`;
  const file = `sim-env/${task.taskId}.pdf`;

  const posted = await postJson(`${e2e.url}/grafx/orders`, { orders: [{ taskId: task.taskId, format: "pdf" }] });
  expect(posted.status).toBe(202);
  expect(orderHandling(posted.body.data).orders).toEqual([{ taskId: task.taskId, state: "pending", statusCode: 202 }]);
  expect(await e2e.files()).toEqual([pending]);

  await until(finishedAt);
  expect(await e2e.loc.schedules.runNow()).toEqual(["ran"]);

  const run = await e2e.triggerLogs.next((event) => event.msg === "schedule run finished");
  const record = await e2e.loc.runtime.getExecution(String(run.executionId));
  expect(record).toMatchObject({ triggerType: "Schedule", status: 200 });
  const result = orderHandling(record!.result);
  expect(result).toMatchObject({ mode: "recheck", summary: { total: 1, downloaded: 1 } });
  expect(result.orders).toEqual([
    {
      taskId: task.taskId,
      state: "downloaded",
      statusCode: 200,
      path: file,
      bytes: 4096,
      sha256: outputSha256({ taskId: task.taskId, format: "pdf", sizeBytes: 4096 }),
      contentType: "application/pdf",
    },
  ]);
  expect(await e2e.files()).toEqual([file]);
  expect(sha256(await e2e.readOrderFile(file))).toBe(result.orders[0]!.sha256);
});
