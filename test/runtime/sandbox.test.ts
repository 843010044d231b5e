import { describe, expect, it } from "vitest";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

describe("sandbox", () => {
  it("refuses process, require and Buffer with an error naming the logic, which reaches the railway", async () => {
    const uses = ["process", "require", "Buffer"];
    const dataProcesses = Object.fromEntries(
      uses.map((use) => [use, { generic: ["node-globals.ts"], aggregator: "report-session.ts", variables: { USE: use, RESULT_KEY: use } }]),
    );
    const runtime = runtimeOf(configOf(await tempDir(), dataProcesses));
    const record = await runtime.execute(manually(uses));
    for (const use of uses) {
      const message = `logic "node-globals" used "${use}", which LOC does not provide (web-standard globals only)`;
      const task = record.tasks.find((candidate) => candidate.dataProcess === use);
      expect(task?.railwayError).toEqual({ name: expect.any(String), message, logic: "node-globals" });
      expect(record.result[use]).toMatchObject({ called: "handleError", error: { message } });
    }
  });

  it("leaves Node globals undefined, so typeof feature checks behave as on LOC", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), { checks: { generic: ["node-globals.ts"], aggregator: "report-session.ts", variables: { USE: "typeof" } } }),
    );
    const record = await runtime.execute(manually(["checks"]));
    expect(record.tasks[0]?.railwayError).toBeUndefined();
    expect(record.result).toMatchObject({ called: "run" });
  });

  it("gives logics values of their own realm: bytes, errors, clones, web API results", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), { realm: { generic: ["realm-check.ts"], aggregator: "report-session.ts", variables: { REPORT_KEYS: "realm" } } }),
    );
    const record = await runtime.execute(manually(["realm"]));
    expect(record.result).toEqual({
      called: "run",
      session: {
        realm: {
          sessionBytes: true,
          encoded: true,
          cloned: true,
          payloadIsObject: true,
          urlErrorIsTypeError: true,
          responseBody: 2,
          globals: [],
        },
      },
    });
  });

  it("refuses ResultAgent in a generic logic and LocalStorageAgent in the aggregator, naming the logic", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), {
        resultInGeneric: { generic: ["result-in-generic.ts"], aggregator: "report-session.ts", variables: { RESULT_KEY: "first" } },
        localInAggregator: { aggregator: "local-storage-aggregator.ts" },
      }),
    );
    const record = await runtime.execute(manually(["resultInGeneric", "localInAggregator"]));
    expect(record.tasks[0]?.railwayError).toEqual({
      name: "Error",
      message: 'ResultAgent is only available in aggregator logic (logic "result-in-generic")',
      logic: "result-in-generic",
    });
    expect(record.result.error).toEqual({
      name: "Error",
      message: 'LocalStorageAgent is only available in generic logic (logic "local-storage-aggregator")',
    });
    expect(record.result.from).toBeUndefined();
    expect(record.status).toBe(500);
  });
});
