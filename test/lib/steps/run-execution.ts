/** Runs the three steps the way LOC runs the data process, railway included, over fakes. */
import type { OrderHandlingResult } from "../../../lib/result/build-result";
import { finalizeError, finalizeOrders } from "../../../lib/steps/finalize-orders";
import { processOrders } from "../../../lib/steps/process-orders";
import { readOrders } from "../../../lib/steps/read-orders";
import { fakeAgents, FakeClock, MemoryFileStore, MemoryLocalStorage, MemorySessionStorage, RecordingResult } from "../fakes";
import { API, CDN, FakeGrafx } from "./fake-grafx";

export interface World {
  grafx: FakeGrafx;
  store: MemoryFileStore;
  local: MemoryLocalStorage;
  clock: FakeClock;
  variables: Record<string, string>;
}

export const guid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
export const pendingPath = (n: number) => `.pending/${guid(n)}.json`;

export const baseVariables = {
  // Mirror the agents' base URLs, as the logic variables do on LOC.
  GRAFX_BASE_URL: API,
  GRAFX_DOWNLOAD_BASE_URL: CDN,
  GRAFX_CLIENT_ID: "client-1",
  GRAFX_CLIENT_SECRET: "client-secret-value",
  GRAFX_ENVIRONMENT: "acme",
};

/** A fresh GraFx, storage and clock, with short retry waits. */
export function newWorld(): World {
  return {
    grafx: new FakeGrafx(),
    store: new MemoryFileStore(),
    local: new MemoryLocalStorage(),
    clock: new FakeClock(),
    variables: { ...baseVariables, RETRY_BASE_DELAY_MS: "10", RETRY_MAX_DELAY_MS: "20" },
  };
}

export function orderPayload(body: unknown) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { http: { request: { method: "POST", path: "/grafx/orders", data: Array.from(new TextEncoder().encode(text)) } } };
}

/**
 * One execution over the fakes. Fails the test when any step handed an HTTP agent a full URL
 * (LOC throws on one; a caller catching that error must not hide it).
 */
export async function runExecution(
  world: World,
  payload: unknown,
  options: { withoutAgents?: string[]; session?: MemorySessionStorage; executionId?: string } = {},
) {
  const session = options.session ?? new MemorySessionStorage();
  const http = Object.fromEntries(
    Object.entries({ "grafx-api": world.grafx.api, "grafx-auth": world.grafx.auth, "grafx-download": world.grafx.download }).filter(
      ([name]) => !options.withoutAgents?.includes(name),
    ),
  );
  const { agents, log, acquired } = fakeAgents({
    session,
    local: world.local,
    clock: world.clock,
    variables: world.variables,
    http,
    files: { orders: world.store },
  });
  const ctx = { task: { taskKey: { executionId: options.executionId ?? "exec-1", taskId: "task-1" } }, payload: async () => payload };
  const result = new RecordingResult();
  const aggregator = { session, log, variable: agents.variable, result };
  let railwayError: Error | undefined;
  for (const step of [() => readOrders(ctx, agents), () => processOrders(agents)]) {
    try {
      await step();
    } catch (error) {
      railwayError = error as Error;
      break;
    }
  }
  if (railwayError) await finalizeError(ctx, railwayError, aggregator);
  else await finalizeOrders(ctx, aggregator);
  if (world.grafx.fullUrls.length > 0) throw new Error(`a full URL was handed to an HTTP agent: ${world.grafx.fullUrls.join(", ")}`);
  return {
    acquired,
    result: result.value.grafx_order_handling as OrderHandlingResult,
    statusCode: result.statusCode,
    log,
    session,
    railwayError,
  };
}
