/**
 * kill -9 of the runtime mid-batch and mid-write: `loc-local execute` (the manual trigger, built
 * bundles) runs in a child process and is SIGKILLed, with its Deno isolates, while downloads and
 * file writes are in flight. Then a fresh runtime re-checks: at once (the dead execution's leases
 * still hold its orders: they are reported pending and left alone), and again once those leases
 * have run out (the orders are worked again). Nothing may be lost, corrupt or half-written.
 */
import { spawn } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CreateTaskInput, OutputFormat } from "../../grafx-simulator";
import { listFiles } from "../helpers/list-files";
import { DATA_PROCESS } from "../helpers/order-handling-config";
import { leasesOnDisk, outputPath, printFigures, startFaultWorld, takeInventory, type Execution, type FaultWorld, type TrackedOrder } from "./helpers";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(REPO, "bin", "loc-local.js");

/** Registers what a test undoes when it ends (its own list: the scenarios run side by side). */
type Defer = (cleanup: () => Promise<void> | void) => void;

interface Child {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** SIGKILL to the child's whole process group: Node and its Deno isolate host. */
  kill(): void;
}

/** `loc-local execute` in its own process group, so one kill takes its Deno process along. */
function executeInChild(configFile: string, payloadFile: string, defer: Defer): Child {
  const child = spawn(process.execPath, [CLI, "execute", DATA_PROCESS, "--payload", payloadFile, "--config", configFile], {
    cwd: REPO,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let killed = false;
  const kill = () => {
    if (killed || child.pid === undefined) return;
    killed = true;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  defer(async () => {
    kill();
    await exited;
  });
  return { exited, output: () => output, kill };
}

/** Resolves when `check` holds, polled every few ms (the simulator's log and the disk have no events for this). */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, child: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the child said:\n${child.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

interface Scenario {
  name: string;
  orders: Array<Pick<CreateTaskInput, "faults"> & { format: OutputFormat; sizeBytes: number }>;
  /** Kills the child at the right moment; resolves with what the kill landed on. */
  killWhen(world: FaultWorld, orders: TrackedOrder[], child: Child, defer: Defer): Promise<string>;
}

/** A write's temporary file, by the runtime's naming (never an output's name: see OUTPUT_EXTENSION). */
const isTempFile = (path: string) => basename(path).startsWith(".loc-tmp-");

const completedDownloads = (world: FaultWorld) => world.sim.requests.filter((request) => request.stage === "download" && request.status === 200);
const startedDownloads = (world: FaultWorld) => world.sim.requests.filter((request) => request.stage === "download");

const MID_BATCH: Scenario = {
  name: "kill -9 mid-batch",
  orders: [
    ...Array.from({ length: 6 }, () => ({ format: "pdf" as const, sizeBytes: 8192 })),
    ...Array.from({ length: 4 }, () => ({ format: "png" as const, sizeBytes: 200_000, faults: [{ latencyMs: 1500, stage: "download" as const }] })),
    { format: "pdf", sizeBytes: 8192, faults: [{ error: { status: 503 }, stage: "status", times: 1 }] },
    { format: "zip", sizeBytes: 2 * 1024 * 1024, faults: [{ truncate: { afterBytes: 4096 }, stage: "download", times: 1 }] },
  ],
  async killWhen(world, _orders, child) {
    // Some orders done, others still downloading.
    await until("a finished download with others in flight", () => completedDownloads(world).length >= 2 && startedDownloads(world).length > completedDownloads(world).length + 2, 30_000, child);
    child.kill();
    return `${completedDownloads(world).length} downloads complete, ${startedDownloads(world).length - completedDownloads(world).length} in flight`;
  },
};

const MID_WRITE: Scenario = {
  name: "kill -9 mid-write",
  orders: Array.from({ length: 4 }, () => ({ format: "pdf" as const, sizeBytes: 12 * 1024 * 1024 })),
  async killWhen(world, orders, child, defer) {
    // Killed the moment a file other than a final output or a pending record appears in the storage:
    // the temporary file of an output's write. Should temporary files live elsewhere, a whole
    // download still not in place 10 s later is a write in flight too.
    const finals = new Set(orders.map((order) => basename(outputPath(order))));
    let landedOn = "";
    await mkdir(join(world.ordersDir, "sim-env"), { recursive: true });
    const watcher = watch(world.ordersDir, { recursive: true }, (_event, name) => {
      if (!name || landedOn || name.startsWith(".pending") || finals.has(basename(name)) || name === "sim-env") return;
      child.kill();
      landedOn = `an output's temporary file (${basename(name).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>")})`;
    });
    defer(() => watcher.close());
    const writeOverdue = () =>
      orders.some((order) => {
        const fetched = completedDownloads(world).find((request) => request.path.includes(order.taskId));
        return fetched !== undefined && Date.now() - fetched.time > 10_000 && !existsSync(join(world.ordersDir, outputPath(order)));
      });
    await until("a write in flight", () => landedOn !== "" || writeOverdue(), 30_000, child);
    watcher.close();
    if (!landedOn) {
      child.kill();
      landedOn = "a whole download not yet written";
    }
    return landedOn;
  },
};

async function runScenario(scenario: Scenario, defer: Defer): Promise<void> {
  // A short time budget keeps the dead execution's leases short: they end at
  // TIME_BUDGET_SECONDS + REQUEST_TIMEOUT_SECONDS + 30 s after it started.
  const world = await startFaultWorld({ variables: { TIME_BUDGET_SECONDS: "3", REQUEST_TIMEOUT_SECONDS: "3" }, apiTimeoutMs: 6000 });
  defer(() => world.close());
  const orders: TrackedOrder[] = scenario.orders.map(({ format, sizeBytes, faults }, i) => {
    const { taskId } = world.sim.createTask({ format, sizeBytes, ...(faults && { faults }) });
    return { taskId, format, sizeBytes, fault: faults ? `#${i} faulted` : `#${i}` };
  });
  const payloadFile = join(world.dir, "payload.json");
  await writeFile(payloadFile, JSON.stringify({ orders: orders.map(({ taskId, format }) => ({ taskId, format })) }));
  const child = executeInChild(await world.writeConfigFile(), payloadFile, defer);

  const landedOn = await scenario.killWhen(world, orders, child, defer);
  const exit = await child.exited;
  expect(exit.signal, child.output().slice(-2000)).toBe("SIGKILL");
  const afterKill = await takeInventory(world, orders);
  const tempFilesAfterKill = (await listFiles(world.ordersDir)).filter(isTempFile).length;
  const leases = await leasesOnDisk(world.ordersDir);
  const held = [...leases].filter(([, until]) => until > Date.now()).map(([taskId]) => taskId);

  // A fresh runtime, at once: the dead execution still holds its orders, nobody asks GraFx about them.
  const runtime = await world.startRuntime();
  const executions: Execution[] = [];
  const requestsBefore = world.sim.requests.length;
  const atOnce = await world.execute(runtime, "");
  executions.push(atOnce);
  const reportedHeld = atOnce.result.orders.filter((order) => order.state === "pending" && order.error?.includes("another execution"));
  expect(reportedHeld.map((order) => order.taskId).sort()).toEqual(held.sort());
  expect(world.sim.requests.slice(requestsBefore).filter((request) => held.some((taskId) => request.path.includes(taskId)))).toEqual([]);

  // No event marks a lease running out: wait for the last one, then re-check until nothing is pending.
  const waitMs = Math.max(0, ...[...leases.values()].map((until) => until - Date.now())) + 50;
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  for (let attempt = 0; attempt < 5; attempt++) {
    const recheck = await world.execute(runtime, "");
    executions.push(recheck);
    if (recheck.result.orders.length === 0) break;
  }
  const final = await takeInventory(world, orders);
  // An order finished (file written, record gone) before the kill is never downloaded again.
  const finishedWorkedAgain = afterKill.finished.filter((taskId) => final.downloadsPerOrder.get(taskId)! > afterKill.downloadsPerOrder.get(taskId)!);

  printFigures(scenario.name, {
    "inputs tried": orders.length,
    "kill landed on": landedOn,
    executions: executions.length + 1,
    "5xx": executions.filter((execution) => execution.status >= 500).length,
    crashes: 1,
    "orders lost": new Set([...afterKill.lost, ...final.lost]).size,
    corrupt: new Set([...afterKill.corrupt, ...final.corrupt]).size,
    "duplicate downloads": final.duplicateDownloads,
    "partial files visible": final.partialVisible.length,
    "partial files visible right after the kill": afterKill.partialVisible.length,
    "temporary files left by the kill": tempFilesAfterKill,
    "temporary files after the fresh start": (await listFiles(world.ordersDir)).filter(isTempFile).length,
    "finished before the kill": afterKill.finished.length,
    "held by the dead execution": held.length,
    "waited for its leases (s)": Math.round(waitMs / 1000),
    "finished orders worked again": finishedWorkedAgain.length,
    downloaded: final.downloaded,
  });

  expect(afterKill.lost).toEqual([]);
  expect(afterKill.corrupt).toEqual([]);
  expect(afterKill.partialVisible).toEqual([]);
  expect(final.lost).toEqual([]);
  expect(final.corrupt).toEqual([]);
  expect(final.partialVisible).toEqual([]);
  expect(final.downloaded).toBe(orders.length);
  expect(executions.map((execution) => execution.result.error)).toEqual(executions.map(() => undefined));
  expect(finishedWorkedAgain).toEqual([]);
}

describe.concurrent("kill -9, then a fresh runtime", () => {
  // Cleanups run last-registered first: the child is killed before its world goes.
  const run = (scenario: Scenario) => async ({ onTestFinished }: { onTestFinished: (fn: () => Promise<void> | void) => void }) => {
    const cleanups: Array<() => Promise<void> | void> = [];
    onTestFinished(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    await runScenario(scenario, (cleanup) => cleanups.push(cleanup));
  };
  it(MID_BATCH.name, { timeout: 85_000 }, run(MID_BATCH));
  it(MID_WRITE.name, { timeout: 85_000 }, run(MID_WRITE));
});
