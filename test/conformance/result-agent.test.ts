/** ResultAgent as LOC documents it: the task result, merged by top-level key, and the status code. */
import { describe, expect, it } from "vitest";
import { conformanceRuntime, executeManually, logsOf, runOnce } from "./harness";

describe("ResultAgent", () => {
  it("finalize(...).httpStatusCode(200) sets the task result as given, nulls included", async () => {
    const record = await runOnce({ aggregator: "agents/result-finalize.ts" });
    expect(record.result).toEqual({ fstnetwork: "awesome", magicNumber: 9487, result2: null, error: null });
    expect(record.status).toBe(200);
    expect(record.tasks.map((task) => task.status)).toEqual([200]);
  });

  it("merges repeated finalize calls by top-level key, later values winning whole; both methods chain", async () => {
    const record = await runOnce({ aggregator: "agents/result-merge.ts" });
    expect(record.result).toEqual({ orders: { accepted: 2 }, batch: "a", summary: "two accepted", chained: true });
    expect(record.status).toBe(201);
  });

  it("keeps the last code set", async () => {
    const record = await runOnce({ aggregator: "agents/result-merge.ts", variables: { STATUS: "409" } });
    expect(record.status).toBe(409);
  });

  it("in an execution of several data processes, merges their results by key and picks the code of highest priority", async () => {
    const runtime = await conformanceRuntime({
      dataProcesses: {
        "dp-200": { aggregator: "agents/result-per-process.ts", variables: { STATUS: "200" } },
        "dp-400": { aggregator: "agents/result-per-process.ts", variables: { STATUS: "400" } },
        "dp-503": { aggregator: "agents/result-per-process.ts", variables: { STATUS: "503" } },
        "dp-500": { aggregator: "agents/result-per-process.ts", variables: { STATUS: "500" } },
      },
    });
    const record = await executeManually(runtime, ["dp-200", "dp-400", "dp-503", "dp-500"]);
    expect(record.result).toMatchObject({
      "dp-200": { done: true },
      "dp-400": { done: true },
      "dp-503": { done: true },
      "dp-500": { done: true },
    });
    expect(["dp-200", "dp-400", "dp-503", "dp-500"]).toContain(record.result.lastWriter);
    expect(record.tasks.map((task) => task.status)).toEqual([200, 400, 503, 500]);
    expect(record.status).toBe(503);

    const clientError = await executeManually(runtime, ["dp-200", "dp-400"]);
    expect(clientError.status).toBe(400);
  });

  it("does nothing in a generic logic (the aggregator's alone), and says so in the log", async () => {
    const record = await runOnce({ generic: ["agents/result-in-generic.ts"], aggregator: "agents/result-finalize.ts" });
    expect(record.result).toEqual({ fstnetwork: "awesome", magicNumber: 9487, result2: null, error: null });
    expect(record.status).toBe(200);
    expect(logsOf(record, "result-in-generic")).toEqual([
      { level: "warn", message: expect.stringContaining("ResultAgent is only available in aggregator logic") },
      { level: "warn", message: expect.stringContaining("ResultAgent is only available in aggregator logic") },
    ]);
  });
});
