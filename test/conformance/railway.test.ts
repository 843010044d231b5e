/**
 * The railway as LOC runs it: while ok each logic's run; a throw switches it to error and calls
 * that logic's handleError; then every later logic, the aggregator included, gets handleError.
 */
import { describe, expect, it } from "vitest";
import { logsOf, runOnce } from "./harness";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The lines a railway test logic logs on the error track, for the error of `identity`. */
function errorTrack(identity: string, message: string) {
  return [
    { level: "info", message: "on Railway Error" },
    { level: "info", message: `Logic Permanent Identity: ${identity}` },
    { level: "info", message: "Logic Revision: 1" },
    { level: "info", message: `Err: ${message}` },
  ];
}

describe("railway", () => {
  it("begins every logic after a failing one with an error: handleError runs, run never does, the aggregator included", async () => {
    const record = await runOnce({
      generic: ["railway/internal-switch.ts", "railway/begin-with-error.ts", "railway/begin-with-error.ts"],
      aggregator: "session-report.ts",
    });
    const railwayError = record.result.railwayError as { logicPermanentIdentity: string };
    expect(railwayError).toEqual({
      name: "Error",
      message: "my error message",
      logicPermanentIdentity: expect.stringMatching(UUID),
      logicRevision: 1,
      failedLogic: "internal-switch",
    });
    const identity = railwayError.logicPermanentIdentity;
    expect(logsOf(record, "internal-switch")).toEqual(errorTrack(identity, "my error message"));
    expect(logsOf(record, "begin-with-error")).toEqual(errorTrack(identity, "my error message"));
    expect(logsOf(record, "begin-with-error#2")).toEqual(errorTrack(identity, "my error message"));
    expect(record.tasks[0]?.railwayError).toEqual({ name: "Error", message: "my error message", logic: "internal-switch" });
    // The railway's error is not a status code: the aggregator did not set one.
    expect(record.status).toBe(200);
  });

  it("switches inside run: what run logged stays, then the same logic's handleError gets the error's name", async () => {
    const record = await runOnce({ generic: ["railway/switch.ts", "railway/begin-with-ok.ts"], aggregator: "session-report.ts" });
    const { logicPermanentIdentity } = record.result.railwayError as { logicPermanentIdentity: string };
    expect(logsOf(record, "switch")).toEqual([
      { level: "info", message: "on Railway Ok" },
      { level: "info", message: "on Railway Error" },
      { level: "info", message: "Name: URIError" },
      { level: "info", message: `Logic Permanent Identity: ${logicPermanentIdentity}` },
      { level: "info", message: "Logic Revision: 1" },
      { level: "info", message: "Err: invalid URI" },
    ]);
    expect(logsOf(record, "begin-with-ok")).toEqual([{ level: "info", message: "on Railway Error" }]);
    expect(record.result.railwayError).toMatchObject({ name: "URIError", message: "invalid URI", failedLogic: "switch" });
  });

  it("runs every logic while the railway stays ok", async () => {
    const record = await runOnce({ generic: ["railway/begin-with-ok.ts", "railway/begin-with-ok.ts"], aggregator: "session-report.ts" });
    expect(logsOf(record, "begin-with-ok")).toEqual([{ level: "info", message: "on Railway Ok" }]);
    expect(logsOf(record, "begin-with-ok#2")).toEqual([{ level: "info", message: "on Railway Ok" }]);
    expect(record.result).toEqual({ session: {} });
    expect(record.tasks[0]?.railwayError).toBeUndefined();
  });

  it("carries a thrown string as a CustomError whose message is the string", async () => {
    const record = await runOnce({ generic: ["railway/throw-string.ts", "railway/begin-with-error.ts"], aggregator: "session-report.ts" });
    expect(logsOf(record, "throw-string")).toEqual([
      { level: "info", message: '{"name":"CustomError","message":"order 42 is out of stock","isError":true}' },
    ]);
    expect(record.result.railwayError).toMatchObject({ name: "CustomError", message: "order 42 is out of stock", failedLogic: "throw-string" });
    expect(logsOf(record, "begin-with-error")).toContainEqual({ level: "info", message: "Err: order 42 is out of stock" });
  });

  it("calls the aggregator's own handleError when its run throws; the result it finalized before stays", async () => {
    const record = await runOnce({ generic: ["railway/begin-with-ok.ts"], aggregator: "railway/aggregator-throws.ts" });
    expect(record.result).toEqual({ partial: true, handled: { name: "RangeError", message: "total out of range" } });
    expect(record.status).toBe(500);
    expect(record.tasks[0]?.railwayError).toEqual({ name: "RangeError", message: "total out of range", logic: "aggregator-throws" });
  });
});
