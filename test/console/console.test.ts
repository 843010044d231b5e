/**
 * The console in a real browser (headless Chromium): after an order batch it lists the execution,
 * opens it (the grafx_order_handling result, its logs and status), re-runs it, runs a data process
 * from the payload editor, shows a bad payload's zod path, and shows a long batch's progress live.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { startLocalLoc, type LocalLoc } from "../e2e/helpers/local-loc";

let local: LocalLoc;
let browser: Browser;
let page: Page;
let consoleUrl: string;

beforeAll(async () => {
  local = await startLocalLoc({ console: true });
  consoleUrl = local.loc.console!.url;
  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
});

async function postOrders(orders: unknown[]): Promise<{ status: number; executionId: string }> {
  const response = await fetch(`${local.url}/grafx/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ orders }) });
  await response.arrayBuffer();
  return { status: response.status, executionId: response.headers.get("x-execution-id")! };
}

const row = (executionId: string) => page.locator(`tr[data-execution-id="${executionId}"]`);

async function openExecution(executionId: string): Promise<void> {
  await page.goto(consoleUrl);
  await row(executionId).click();
  await expect.poll(() => page.locator("#execution-id").textContent()).toBe(executionId);
}

describe("the console", () => {
  let batch: { executionId: string; taskIds: string[] };

  it("lists an order batch's execution, filters the list, and opens it with its result, logs, status and payload", async () => {
    const taskIds = [local.sim.createTask({ format: "pdf" }).taskId, local.sim.createTask({ format: "png" }).taskId];
    const sent = await postOrders(taskIds.map((taskId, index) => ({ taskId, orderId: `console-${index}` })));
    expect(sent.status).toBe(200);
    batch = { executionId: sent.executionId, taskIds };

    await page.goto(consoleUrl);
    await expect.poll(() => row(batch.executionId).locator("[data-state]").getAttribute("data-state")).toBe("Complete");
    expect(await row(batch.executionId).locator("td.status").textContent()).toBe("200");
    expect(await row(batch.executionId).textContent()).toContain("ApiRoute");

    await page.selectOption("#filter-trigger", "Manual");
    await expect.poll(() => row(batch.executionId).count()).toBe(0);
    await page.selectOption("#filter-trigger", "ApiRoute");
    await expect.poll(() => row(batch.executionId).count()).toBe(1);
    await page.selectOption("#filter-trigger", "");

    await row(batch.executionId).click();
    await expect.poll(() => page.locator("#execution-id").textContent()).toBe(batch.executionId);
    expect(await page.locator("#execution-state [data-state]").getAttribute("data-state")).toBe("Complete");
    expect(await page.locator("#execution-status").textContent()).toBe("200");
    const result = JSON.parse((await page.locator("#execution-result").textContent())!);
    expect(result.grafx_order_handling.summary).toMatchObject({ total: 2, downloaded: 2 });
    const logs = await page.locator("#logs tbody tr").allTextContents();
    expect(logs.some((line) => line.includes("INFO") && line.includes("grafx-order-handling/finalize-orders") && line.includes('"event":"finalized"'))).toBe(true);
    const payload = await page.locator("#execution-payload").textContent();
    for (const taskId of taskIds) expect(payload).toContain(taskId);
  });

  it("re-runs an execution with the same payload as a new execution", async () => {
    await openExecution(batch.executionId);
    await page.click("#rerun");
    await expect.poll(() => page.locator("#execution-id").textContent()).not.toBe(batch.executionId);
    const rerunId = (await page.locator("#execution-id").textContent())!;
    expect(rerunId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("#execution-state [data-state]").getAttribute("data-state")).toBe("Complete");
    expect(await page.locator("main").textContent()).toContain(`re-run of ${batch.executionId}`);
    expect(await page.locator("#execution-payload").textContent()).toContain(batch.taskIds[0]);

    const stored = await local.loc.runtime.getExecution(rerunId);
    expect(stored).toMatchObject({ triggerType: "Manual", triggerMetadata: { rerunOf: batch.executionId } });
    expect(stored!.result).toHaveProperty("grafx_order_handling");
    await page.goto(consoleUrl);
    await expect.poll(() => row(rerunId).count()).toBe(1);
    expect(await row(batch.executionId).count()).toBe(1);
  });

  it("runs a data process from the payload editor, refuses invalid JSON, and shows a bad payload's zod path", async () => {
    const { taskId } = local.sim.createTask({ format: "pdf" });
    await page.goto(`${consoleUrl}#/run`);
    await page.selectOption("#run-data-process", "grafx-order-handling");

    await page.fill("#run-payload", '{"orders": [');
    await expect.poll(() => page.locator("#payload-check").textContent()).toContain("Not valid JSON");
    expect(await page.locator("#run-button").isDisabled()).toBe(true);

    await page.fill("#run-payload", JSON.stringify({ orders: [{ taskId, orderId: "from-the-editor" }] }));
    await page.click("#run-button");
    await expect.poll(() => page.locator("#run-status").textContent()).toBe("200");
    const started = (await page.locator("#run-outcome a").first().textContent())!;
    expect(await local.loc.runtime.getExecution(started)).toMatchObject({ triggerType: "Manual", status: 200 });
    expect((await local.files()).some((file) => file.endsWith("/from-the-editor.pdf"))).toBe(true);

    await page.fill("#run-payload", JSON.stringify({ orders: [{ taskId: 5 }] }));
    await page.click("#run-button");
    await expect.poll(() => page.locator("#run-status").textContent()).toBe("400");
    expect(await page.locator("#run-problems").textContent()).toContain("orders[0].taskId");
  });

  it("shows a long batch live: in progress with its progress, then complete", async () => {
    const taskIds = Array.from({ length: 24 }, () => local.sim.createTask({ format: "pdf" }).taskId);
    // Each status call 700 ms late: with CONCURRENCY 16 the batch takes two rounds and logs progress between them.
    local.sim.setFaults([{ latencyMs: 700 }]);
    await page.goto(consoleUrl);
    const batchDone = postOrders(taskIds.map((taskId) => ({ taskId })));
    try {
      const running = page.locator('tr.execution:has([data-state="In Progress"])');
      await running.first().waitFor();
      await running.first().locator("progress").waitFor();
      const progressText = (await running.first().locator(".progress").textContent())!;
      expect(progressText).toMatch(/\b(\d+)\/24\b/);
      const sent = await batchDone;
      await expect.poll(() => row(sent.executionId).locator("[data-state]").getAttribute("data-state")).toBe("Complete");
    } finally {
      local.sim.setFaults([]);
      await batchDone;
    }
  });
});
