import { describe, expect, it } from "vitest";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

describe("timeouts", () => {
  it("ends hung tasks with 202 — awaited hang, synchronous loop — while the other tasks finish", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), {
        awaits: { generic: ["hang.ts"], aggregator: "echo-aggregator.ts", variables: { HANG: "await" } },
        loops: { generic: ["hang.ts"], aggregator: "echo-aggregator.ts", variables: { HANG: "loop" } },
        fine: { aggregator: "report-session.ts", variables: { RESULT_KEY: "fine" } },
      }),
    );
    const started = performance.now();
    // Short, yet long enough for the quick task on a loaded machine.
    const record = await runtime.execute({ ...manually(["awaits", "loops", "fine"]), timeoutMs: 2_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    const byName = Object.fromEntries(record.tasks.map((task) => [task.dataProcess, task]));
    expect(byName.awaits).toMatchObject({ status: 202, timedOut: true });
    expect(byName.loops).toMatchObject({ status: 202, timedOut: true });
    expect(byName.fine).toMatchObject({ status: 200, timedOut: false });
    expect(record).toMatchObject({ status: 202, timedOut: true, result: { fine: { called: "run", session: {} } } });
    expect(record.logs).toContainEqual(
      expect.objectContaining({ level: "warn", dataProcess: "loops", logic: "hang", message: expect.stringMatching(/within 2000 ms \(timeoutMs\)/) }),
    );

    // The runtime is still responsive after terminating a looping isolate.
    const again = await runtime.execute(manually(["fine"]));
    expect(again.status).toBe(200);
  });

  it("keeps the result the aggregator set before it hung, with status 202", async () => {
    const runtime = runtimeOf(
      configOf(await tempDir(), { partial: { aggregator: "partial-aggregator.ts", variables: { HANG: "loop" } } }),
    );
    const record = await runtime.execute({ ...manually(["partial"]), timeoutMs: 2_000 });
    expect(record).toMatchObject({ status: 202, timedOut: true, result: { partial: true } });
  });

  it("applies the execution timeout (a trigger's override included) across the logics", async () => {
    const runtime = runtimeOf(configOf(await tempDir(), { slow: { generic: ["hang.ts"], aggregator: "echo-aggregator.ts" } }));
    const record = await runtime.execute({ ...manually(["slow"]), timeoutMs: 300 });
    expect(record).toMatchObject({ status: 202, timedOut: true });
    expect(record.logs.at(-1)?.message).toMatch(/execution did not finish within 300 ms \(timeoutMs\) while logic "hang" ran/);
    expect(record.durationMs).toBeLessThan(5_000);
  });

  it("closes gracefully: waits for running executions up to the grace, then stops and stores them", async () => {
    const runtime = runtimeOf(configOf(await tempDir(), { slow: { generic: ["hang.ts"], aggregator: "echo-aggregator.ts" } }));
    const started = runtime.start(manually(["slow"]));
    await runtime.ready;
    await runtime.close(200);
    const record = await started.done;
    expect(record).toMatchObject({ executionId: started.executionId, status: 202, timedOut: true });
    expect(record.logs.at(-1)?.message).toMatch(/runtime closed before the task finished/);
    expect(await runtime.getExecution(started.executionId)).toEqual(record);
    expect(() => runtime.start(manually(["slow"]))).toThrow(/closing/);
  });
});
