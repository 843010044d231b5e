/** The bench's batch phases come from the marks the order logics log: one execution's record in, three spans out. */
import { describe, expect, it } from "vitest";
import type { ExecutionRecord, LogEntry } from "../../runtime";
import { executionPhases } from "../../scripts/bench/execution-phases";

const T0 = Date.parse("2026-11-30T10:00:00.000Z");
const entry = (logic: string, atMs: number, message: unknown): LogEntry => ({
  time: new Date(T0 + atMs).toISOString(),
  level: "info",
  dataProcess: "grafx-order-handling",
  logic,
  message: typeof message === "string" ? message : JSON.stringify(message),
});

function record(logs: LogEntry[], endMs: number): ExecutionRecord {
  return {
    executionId: "e",
    triggerType: "Manual",
    triggerMetadata: {},
    triggeredAt: new Date(T0).toISOString(),
    finishedAt: new Date(T0 + endMs).toISOString(),
    durationMs: endMs,
    status: 200,
    result: {},
    timedOut: false,
    tasks: [],
    logs,
  };
}

describe("executionPhases", () => {
  it("splits the execution at read-orders' work set and process-orders' last outcome", () => {
    const logs = [
      entry("read-orders", 5, { event: "orders-accepted" }),
      entry("read-orders", 1100, { event: "work-set", orders: 2 }),
      entry("process-orders", 1130, { event: "authenticated" }),
      entry("process-orders", 7000, { event: "order-outcome", taskId: "a" }),
      entry("process-orders", 7002, { event: "order-outcome", taskId: "b" }),
      entry("finalize-orders", 7020, "plain text, not JSON"),
    ];
    expect(executionPhases(record(logs, 7040))).toEqual({ readOrdersMs: 1100, checksMs: 5902, finishMs: 38 });
  });

  it("answers null when a mark is missing (a run that failed early)", () => {
    expect(executionPhases(record([entry("read-orders", 10, { event: "work-set" })], 50))).toBeNull();
    expect(executionPhases(record([entry("process-orders", 10, { event: "order-outcome" })], 50))).toBeNull();
  });
});
