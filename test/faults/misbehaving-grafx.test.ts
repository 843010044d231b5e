/**
 * Batches of orders against a misbehaving GraFx — status calls redirected to another origin, the
 * token echoed in error bodies, bogus download links, 5xx, resets, truncated bodies, slow and hung
 * calls, rate limits, renders still running — while empty-payload re-checks start in the middle of
 * each batch, on the real runtime with the built bundles. No execution crashes here, so every order
 * must end downloaded (or pending, or failed where GraFx says so) with at most ONE download each.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { CreateTaskInput, OutputFormat } from "../../grafx-simulator";
import type { LocalRuntime } from "../../runtime/executor";
import { printFigures, startFaultWorld, takeInventory, unredactedTokens, type Execution, type FaultWorld, type TrackedOrder } from "./helpers";

/** Every kind of misbehaviour the batches mix; all but one are passing, so the orders end downloaded. */
const FAULT_KINDS: Record<string, CreateTaskInput & { endsFailed?: boolean }> = {
  clean: {},
  "redirected status": { faults: [{ redirect: true, stage: "status", times: 1 }] },
  "redirected download": { faults: [{ redirect: true, stage: "download", times: 1 }] },
  "token echoed, 401": { faults: [{ echoToken: { status: 401 }, stage: "status", times: 1 }] },
  "token echoed, 502": { faults: [{ echoToken: { status: 502 }, stage: "status", times: 1 }] },
  "token echoed, download 503": { faults: [{ echoToken: { status: 503 }, stage: "download", times: 1 }] },
  "token echoed in a task failure": { faults: [{ echoToken: { status: 500 }, stage: "status" }], endsFailed: true },
  "link to another host": { faults: [{ link: "https://grafx.example.invalid/steal.pdf", stage: "status", times: 1 }] },
  "link that is no URL": { faults: [{ link: "not a url", stage: "status", times: 1 }] },
  "link of another scheme": { faults: [{ link: "ftp://127.0.0.1/output.pdf", stage: "status", times: 1 }] },
  "status 503 twice": { faults: [{ error: { status: 503 }, stage: "status", times: 2 }] },
  "download 500": { faults: [{ error: { status: 500 }, stage: "download", times: 1 }] },
  "status reset": { faults: [{ reset: true, stage: "status", times: 1 }] },
  "download reset": { faults: [{ reset: true, stage: "download", times: 1 }] },
  "truncated body": { sizeBytes: 50_000, faults: [{ truncate: { afterBytes: 1000 }, stage: "download", times: 1 }] },
  "slow status": { faults: [{ latencyMs: 700, stage: "status", times: 1 }] },
  "slow download": { sizeBytes: 300_000, faults: [{ latencyMs: 1200, stage: "download", times: 1 }] },
  "hung status": { faults: [{ hang: true, stage: "status", times: 1 }] },
  "rate limited": { faults: [{ rateLimit: { retryAfterSeconds: 1 }, stage: "status", times: 1 }] },
  "link on the download host": { format: "png", faults: [{ secondOrigin: true, stage: "status" }] },
  "still rendering": { durationMs: 1500 },
  "large output": { sizeBytes: 6 * 1024 * 1024, format: "zip" },
};

const ROUNDS = 3;
/** Re-checks started while each batch runs: at its first download, and a little later. */
const OVERLAPPING_RECHECKS_DELAYS_MS = [0, 400];

let world: FaultWorld;
let runtime: LocalRuntime;

beforeAll(async () => {
  // A hung call is given up by the logic after REQUEST_TIMEOUT_SECONDS, and by the HTTP agent after
  // its own timeout (the execution ends once no host operation is pending): both short here.
  world = await startFaultWorld({ variables: { REQUEST_TIMEOUT_SECONDS: "2", MAX_ATTEMPTS: "4" }, apiTimeoutMs: 3000 });
  runtime = await world.startRuntime();
});
afterAll(async () => world?.close());

function createOrders(): TrackedOrder[] {
  return Object.entries(FAULT_KINDS).map(([fault, { endsFailed, ...input }]) => {
    const format: OutputFormat = input.format ?? "pdf";
    const sizeBytes = input.sizeBytes ?? 4096;
    const { taskId } = world.sim.createTask({ ...input, format, sizeBytes });
    return { taskId, format, sizeBytes, fault, ...(endsFailed && { endsFailed }) };
  });
}

const downloadsOf = (orders: readonly TrackedOrder[]) =>
  world.sim.requests.filter((request) => request.stage === "download" && orders.some((order) => request.path.includes(order.taskId))).length;

it("ends every order downloaded (or failed where GraFx says so), none lost, corrupt or half-written, each downloaded once", { timeout: 80_000 }, async () => {
  const orders: TrackedOrder[] = [];
  const executions: Execution[] = [];
  let overlapping = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const batchOrders = createOrders();
    orders.push(...batchOrders);
    const batch = world.execute(runtime, { orders: batchOrders.map(({ taskId, format }) => ({ taskId, format })) });
    await vi.waitFor(
      () => {
        if (downloadsOf(batchOrders) === 0) throw new Error(`round ${round}: the batch has downloaded nothing yet`);
      },
      { timeout: 20_000, interval: 10 },
    );
    const rechecks = OVERLAPPING_RECHECKS_DELAYS_MS.map(async (delayMs) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      overlapping++;
      return world.execute(runtime, "");
    });
    executions.push(...(await Promise.all([batch, ...rechecks])));
  }
  // Then the schedule's part: re-checks until nothing is pending (renders finish, one-off faults are used up).
  for (let settle = 0; settle < 20; settle++) {
    const recheck = await world.execute(runtime, "");
    executions.push(recheck);
    if (recheck.result.orders.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  const inventory = await takeInventory(world, orders);
  const echoedTokens = executions.flatMap((execution) => unredactedTokens(JSON.stringify(execution.record)));
  const crashes = executions.filter((execution) => execution.result === undefined || execution.result.error !== undefined);
  printFigures("misbehaving GraFx, batches with overlapping re-checks", {
    "inputs tried": orders.length,
    "fault kinds": Object.keys(FAULT_KINDS).length,
    executions: executions.length,
    "overlapping re-checks": overlapping,
    "5xx": executions.filter((execution) => execution.status >= 500).length,
    crashes: crashes.length,
    "orders lost": inventory.lost.length,
    corrupt: inventory.corrupt.length,
    "duplicate downloads": inventory.duplicateDownloads,
    "partial files visible": inventory.partialVisible.length,
    downloaded: inventory.downloaded,
    pending: inventory.pending,
    "failed (GraFx)": inventory.failed,
    "tokens sent off-origin": inventory.tokensOffOrigin,
    "echoed tokens in results and logs": echoedTokens.length,
  });

  expect(crashes.map((execution) => execution.result?.error)).toEqual([]);
  expect(inventory.lost).toEqual([]);
  expect(inventory.corrupt).toEqual([]);
  expect(inventory.partialVisible).toEqual([]);
  const downloadedTwice = orders.filter((order) => inventory.downloadsPerOrder.get(order.taskId)! > 1).map((order) => `${order.fault} (${order.taskId})`);
  expect(downloadedTwice).toEqual([]);
  expect(inventory.tokensOffOrigin).toBe(0);
  expect(echoedTokens).toEqual([]);
  // Every fault but GraFx's own failure is passing: all those orders end with their file.
  expect(inventory.downloaded).toBe(orders.filter((order) => !order.endsFailed).length);
  expect(inventory.failed).toBe(orders.filter((order) => order.endsFailed).length);
  // The 5xx answers are GraFx's faults reported per order, never a railway error.
  for (const execution of executions.filter((run) => run.status >= 500)) {
    expect(execution.result.orders.some((order) => order.statusCode === execution.status)).toBe(true);
  }
});
