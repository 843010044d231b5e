/**
 * The `grafx-order-handling` data process exactly as `loc.config.json` declares it (its built
 * bundles in dist/, its agents and variables), pointed at the simulator and a temp dir, run as a
 * manual trigger does.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { loadConfig, startRuntime, type ExecutionRecord, type LocalRuntime, type RuntimeConfig } from "../../runtime";
import type { GrafxAccess } from "./job";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";

const CONFIG_FILE = fileURLToPath(new URL("../../loc.config.json", import.meta.url));
export const DATA_PROCESS = "grafx-order-handling";
/** The aggregator sets its result under this key. */
const RESULT_KEY = "grafx_order_handling";

export interface OrderHandlingSetup {
  grafx: GrafxAccess;
  ordersDir: string;
  stateDir: string;
  concurrency: number;
  maxDownloadBytes: number;
}

/** Only these variables reach the configuration: the caller's environment cannot skew the numbers. */
function configEnvironment(setup: OrderHandlingSetup): Record<string, string> {
  return {
    GRAFX_BASE_URL: setup.grafx.url,
    GRAFX_AUTH_URL: setup.grafx.authUrl,
    GRAFX_ENVIRONMENT: setup.grafx.environment,
    GRAFX_CLIENT_ID: setup.grafx.clientId,
    GRAFX_CLIENT_SECRET: setup.grafx.clientSecret,
    GRAFX_CONCURRENCY: String(setup.concurrency),
    GRAFX_MAX_DOWNLOAD_BYTES: String(setup.maxDownloadBytes),
    GRAFX_ALLOW_INSECURE_LOOPBACK: "true",
    ORDERS_DIR: setup.ordersDir,
  };
}

/** loc.config.json with the bench's environment: its data process, agents and triggers as declared. */
export function loadOrderHandlingConfig(setup: OrderHandlingSetup): Promise<RuntimeConfig> {
  return loadConfig(CONFIG_FILE, { env: configEnvironment(setup) });
}

export async function startOrderHandling(setup: OrderHandlingSetup): Promise<LocalRuntime> {
  return startRuntime(await loadOrderHandlingConfig(setup), { stateDir: setup.stateDir });
}

/** The data process's payload for these orders (an API route's body, a Kafka record's value). */
export function ordersBody(taskIds: readonly string[]): { orders: Array<{ taskId: string }> } {
  return { orders: taskIds.map((taskId) => ({ taskId })) };
}

/** One execution with these orders as the body of a manual HTTP payload. */
export function executeOrders(runtime: LocalRuntime, taskIds: readonly string[]): Promise<ExecutionRecord> {
  const body = JSON.stringify(ordersBody(taskIds));
  const executionId = randomUUID();
  return runtime.execute({ dataProcesses: [DATA_PROCESS], triggerType: "Manual", executionId, payload: manualPayload(body, executionId) });
}

/** How many orders the execution's result reports as downloaded. */
export function downloadedCount(record: ExecutionRecord): number {
  return downloadedIn(record.result);
}

/** The same, from an execution's result as an API route answer or a Kafka reply carries it. */
export function downloadedIn(result: unknown): number {
  const own = (result as Record<string, unknown> | null | undefined)?.[RESULT_KEY] as { summary?: { downloaded?: unknown } } | undefined;
  const downloaded = own?.summary?.downloaded;
  return typeof downloaded === "number" ? downloaded : 0;
}
