import { describe, expect, it, onTestFinished } from "vitest";
import { scheduleSchema, type ScheduleConfig } from "../../../runtime/config/schema";
import { startScheduleTrigger } from "../../../runtime/triggers/schedule";
import { deferred } from "../helpers/deferred";
import { FakeExecutor } from "../helpers/fake-executor";
import { LogRecorder } from "../helpers/log-recorder";

function schedule(input: Partial<ScheduleConfig>): ScheduleConfig {
  return scheduleSchema.parse({ cron: "*/5 * * * *", dataProcesses: ["orders"], ...input });
}

function start(executor: FakeExecutor, schedules: ScheduleConfig[], now?: () => Date) {
  const logs = new LogRecorder();
  const trigger = startScheduleTrigger(executor, schedules, { log: logs.log, now });
  onTestFinished(() => trigger.stop());
  return { trigger, logs };
}

describe("schedule trigger", () => {
  it("runs the data processes with an empty http-shaped payload", async () => {
    const executor = new FakeExecutor(() => ({ result: { rechecked: 0 } }), ["orders", "audit"]);
    const firedAt = new Date("2025-01-02T03:04:00.000Z");
    const { trigger } = start(executor, [schedule({ dataProcesses: ["orders", "audit"] })], () => firedAt);

    expect(await trigger.runNow()).toEqual(["ran"]);

    const [request] = executor.requests;
    expect(request).toMatchObject({
      dataProcesses: ["orders", "audit"],
      triggerType: "Schedule",
      triggerMetadata: { cron: "*/5 * * * *", firedAt: firedAt.toISOString() },
      payload: { http: { request: { method: "POST", path: "/schedule", query: "", data: [], headers: {} } } },
    });
    const next = trigger.jobs[0]?.nextRun();
    expect(next && next.getMinutes() % 5).toBe(0);
  });

  it("skips a tick while the previous run is still going, and logs it", async () => {
    const release = deferred();
    const executor = new FakeExecutor(async () => {
      await release.promise;
      return {};
    });
    const { trigger, logs } = start(executor, [schedule({})]);

    const first = trigger.runNow();
    const second = await trigger.runNow();
    release.resolve();

    expect(second).toEqual(["skipped"]);
    expect(await first).toEqual(["ran"]);
    expect(executor.requests).toHaveLength(1);
    expect(logs.events).toContainEqual(expect.objectContaining({ level: "warn", msg: "schedule tick skipped: the previous run is still going" }));
    expect(await trigger.runNow()).toEqual(["ran"]);
  });

  it("fires on its own cron (6 fields, every second) and never overlaps a run still going", async () => {
    const release = deferred();
    const executor = new FakeExecutor(async () => {
      await release.promise;
      return {};
    });
    const firstRun = executor.nextRequest();
    const { trigger, logs } = start(executor, [schedule({ cron: "* * * * * *" })]);

    await firstRun;
    await logs.next((event) => event.msg === "schedule tick skipped: the previous run is still going");
    expect(executor.requests).toHaveLength(1);
    release.resolve();
    await logs.next((event) => event.msg === "schedule run finished");
    await trigger.stop();

    expect(executor.requests[0]?.triggerType).toBe("Schedule");
  });

  it("logs a failed run and keeps going", async () => {
    const executor = new FakeExecutor(() => ({}));
    executor.execute = async () => {
      throw new Error("runtime closed");
    };
    const { trigger, logs } = start(executor, [schedule({})]);

    expect(await trigger.runNow()).toEqual(["failed"]);
    expect(logs.events).toContainEqual(expect.objectContaining({ level: "error", error: "Error: runtime closed" }));
  });

  it("refuses to start on a bad cron or an unknown data process, and leaves disabled schedules alone", () => {
    const executor = new FakeExecutor(() => ({}));
    const logs = new LogRecorder();

    expect(() => startScheduleTrigger(executor, [schedule({}), schedule({ cron: "every minute" })], { log: logs.log })).toThrow(
      /^schedules\[1\]\.cron "every minute": /,
    );
    expect(() => startScheduleTrigger(executor, [schedule({ dataProcesses: ["nope"] })], { log: logs.log })).toThrow(
      "schedules[0] (*/5 * * * *): no data process named nope",
    );
    const { trigger } = start(executor, [schedule({ enabled: false, dataProcesses: ["nope"] })]);
    expect(trigger.jobs).toHaveLength(0);
  });
});
