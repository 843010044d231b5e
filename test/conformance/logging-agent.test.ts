/** LoggingAgent and LogicVariable: what a logic logs lands in the execution record's logs. */
import { describe, expect, it } from "vitest";
import { logsOf, runOnce } from "./harness";

describe("LoggingAgent", () => {
  it("records every level, a string as its text and an object as JSON, in order; console output is not a log", async () => {
    const consoleLines: string[] = [];
    const record = await runOnce(
      { generic: ["agents/logging.ts"], aggregator: "agents/logging-aggregator.ts" },
      { options: { onConsole: (line) => consoleLines.push(line) } },
    );
    expect(logsOf(record, "logging")).toEqual([
      { level: "error", message: "error log" },
      { level: "warn", message: "warn log" },
      { level: "info", message: "info log" },
      { level: "debug", message: "debug log" },
      { level: "trace", message: "trace log" },
      { level: "info", message: '{"abc":87}' },
      { level: "warn", message: '{"nested":{"list":[1,"two",null]}}' },
      { level: "info", message: "through log(level, value)" },
    ]);
    expect(record.logs.every((entry) => entry.dataProcess === "conformance" && !Number.isNaN(Date.parse(entry.time)))).toBe(true);
    expect(record.logs.some((entry) => entry.message.includes("console output"))).toBe(false);
    expect(consoleLines.some((line) => line.includes("console output stays out of the execution's logs"))).toBe(true);
  });

  it("logs from the aggregator logic as well", async () => {
    const record = await runOnce({ aggregator: "agents/logging-aggregator.ts" });
    expect(logsOf(record, "logging-aggregator")).toEqual([
      { level: "info", message: `aggregating task ${record.tasks[0]?.taskId}` },
    ]);
    expect(record.result).toEqual({ logged: true });
  });
});

describe("LogicVariable", () => {
  it("answers a configured variable with its value and an unset one with null", async () => {
    const record = await runOnce({
      generic: ["agents/logic-variable.ts"],
      aggregator: "agents/logging-aggregator.ts",
      variables: { shibainu: "doge" },
    });
    expect(logsOf(record, "logic-variable")).toEqual([
      { level: "info", message: '{"homeless":true}' },
      { level: "info", message: '{"shibainu":"doge"}' },
    ]);
  });
});
