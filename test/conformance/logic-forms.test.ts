/**
 * Both forms a LOC logic takes, run on the local runtime as LOC runs them: the class form of SDK
 * 0.10 (`@Logic()`, `this.context`) and the function form (globals `run` / `handleError`,
 * adopted only with LOC's arities).
 */
import { describe, expect, it } from "vitest";
import { bundleLogic } from "../../runtime/bundler";
import { conformanceRuntime, executeManually, logic, logsOf, runOnce } from "./harness";

const NOT_ADOPTED = /LOC adopts the function form only when run takes 1 \(ctx\) and handleError 2 \(ctx, error\)/;

describe("class form: @Logic() with this.context", () => {
  it("runs a generic and an aggregator logic, each reading its payload and task through this.context", async () => {
    const runtime = await conformanceRuntime({
      dataProcesses: { classy: { generic: ["forms/class-generic.ts"], aggregator: "forms/class-aggregator.ts" } },
    });
    const record = await executeManually(runtime, ["classy"], { order: 7 });
    const [task] = record.tasks;

    expect(record.status).toBe(200);
    expect(record.result).toEqual({
      generic: {
        payloadKinds: ["http"],
        taskKey: { executionId: record.executionId, taskId: task?.taskId },
        taskId: { id: task?.taskId, executionId: record.executionId },
        startTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        startAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        dataProcess: "classy",
        currentLogic: "class-generic",
        executedLogics: [],
        samePayloadObject: true,
      },
      aggregator: { currentLogic: "class-aggregator", executedLogics: ["class-generic"], payloadKinds: ["http"] },
    });
    const generic = record.result.generic as { startTimestamp: string; startAt: string };
    expect(generic.startAt).toBe(generic.startTimestamp);
    expect(record.logs).toEqual([]);
  });
  it("runs a class-form logic compiled with legacy decorators (experimentalDecorators), as the SDK's own test logics are", async () => {
    const legacy = await bundleLogic(logic("legacy-decorators/class-generic.ts"));
    expect(legacy.code).toContain("__decorateClass(");
    const record = await runOnce({
      generic: ["legacy-decorators/class-generic.ts"],
      aggregator: "session-report.ts",
      variables: { REPORT_KEYS: "legacy-generic" },
    });
    expect(record.result).toEqual({ session: { "legacy-generic": { currentLogic: "class-generic", payloadKinds: ["http"] } } });
  });
});

describe("function form", () => {
  it("adopts run(ctx) and handleError(ctx, error) put on the global object with Object.assign", async () => {
    const record = await runOnce({ generic: ["forms/function-generic.ts"], aggregator: "forms/function-aggregator.ts" });
    expect(record.status).toBe(200);
    expect(record.result).toEqual({
      generic: { body: {}, currentLogic: "function-generic" },
      aggregator: { currentLogic: "function-aggregator" },
    });
    expect(record.logs).toEqual([]);
  });

  it("adopts exported run / handleError, which the build makes globals", async () => {
    const record = await runOnce({
      generic: ["forms/exported-generic.ts"],
      aggregator: "session-report.ts",
      variables: { REPORT_KEYS: "exported-generic" },
    });
    expect(record.result).toEqual({ session: { "exported-generic": { currentLogic: "exported-generic" } } });
  });

  it("runs class-form and function-form logics side by side in one data process", async () => {
    const record = await runOnce({
      generic: ["forms/class-generic.ts", "forms/function-generic.ts"],
      aggregator: "session-report.ts",
      variables: { REPORT_KEYS: "class-generic,function-generic" },
    });
    const session = record.result.session as Record<string, { currentLogic: string; executedLogics?: string[] }>;
    expect(session["class-generic"]?.currentLogic).toBe("class-generic");
    expect(session["function-generic"]).toEqual({ body: {}, currentLogic: "function-generic" });
  });
});

describe("the globals rule: a function form of the wrong arity is not adopted, as on LOC", () => {
  it.each([
    ["run() takes no parameter", "run-without-context", /run takes 0 parameter\(s\) and handleError takes 2/],
    ["handleError(error) takes one parameter", "handle-error-without-context", /run takes 1 parameter\(s\) and handleError takes 1/],
    ["there is no handleError", "run-without-handle-error", /run takes 1 parameter\(s\) and there is no handleError/],
  ])("%s: nothing of the logic runs, and the execution logs a warning saying so", async (_case, name, arity) => {
    const record = await runOnce({
      generic: [`forms/${name}.ts`],
      aggregator: "session-report.ts",
      variables: { REPORT_KEYS: `ran:${name}` },
    });
    expect(record.result).toEqual({ session: { [`ran:${name}`]: null } });
    expect(record.status).toBe(200);
    expect(record.tasks[0]?.railwayError).toBeUndefined();
    const logs = logsOf(record, name);
    expect(logs).toEqual([{ level: "warn", message: expect.stringMatching(NOT_ADOPTED) }]);
    expect(logs[0]?.message).toMatch(arity);
    expect(logs[0]?.message).toContain(`logic "${name}"`);
  });

  it("an aggregator whose run() takes no parameter sets no result and no status", async () => {
    const record = await runOnce({ aggregator: "forms/aggregator-without-context.ts" });
    expect(record.result).toEqual({});
    expect(record.status).toBe(200);
    expect(logsOf(record, "aggregator-without-context")).toEqual([{ level: "warn", message: expect.stringMatching(NOT_ADOPTED) }]);
  });
});
