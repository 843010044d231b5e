import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import type { ScheduleConfig } from "../../config/schema";
import type { Executor } from "../../contract";
import { describeError, type TriggerLog } from "../api-route/trigger-log";
import { buildSchedulePayload } from "./schedule-payload";

export type TickOutcome = "ran" | "skipped" | "failed";

export interface ScheduledJob {
  schedule: ScheduleConfig;
  /** Runs a tick now, as the timer would (skipped if the previous run is still going). */
  runNow(): Promise<TickOutcome>;
  nextRun(): Date | null;
}

export interface ScheduleTrigger {
  /** One per enabled schedule, in config order. */
  jobs: ScheduledJob[];
  /** Ticks every job now; resolves when those runs end. */
  runNow(): Promise<TickOutcome[]>;
  /** No more ticks; resolves once runs still going have ended. */
  stop(): Promise<void>;
}

export interface ScheduleTriggerOptions {
  log: TriggerLog;
  /** The clock recorded as a tick's time (tests pin it). */
  now?: () => Date;
}

/**
 * Runs each enabled schedule's data processes on its cron (5 fields, or 6 with seconds first) with
 * an empty payload. A run still going when the next is due is not started twice: that tick is
 * skipped and logged. Fails at start, naming the schedule, on a bad cron or unknown data process.
 */
export function startScheduleTrigger(executor: Executor, schedules: ScheduleConfig[], { log, now = () => new Date() }: ScheduleTriggerOptions): ScheduleTrigger {
  const enabled = schedules.filter((schedule) => schedule.enabled);
  schedules.forEach((schedule, index) => {
    if (!schedule.enabled) return;
    const missing = schedule.dataProcesses.filter((name) => !executor.hasDataProcess(name));
    if (missing.length > 0) throw new Error(`schedules[${index}] (${schedule.cron}): no data process named ${missing.join(", ")}`);
    checkCron(schedule.cron, index);
  });

  const crons: Cron[] = [];
  const runs = new Set<Promise<TickOutcome>>();
  const jobs = enabled.map((schedule): ScheduledJob => {
    let current: Promise<TickOutcome> | undefined;
    const runNow = (): Promise<TickOutcome> => {
      if (current) {
        log({ level: "warn", msg: "schedule tick skipped: the previous run is still going", cron: schedule.cron });
        return Promise.resolve("skipped");
      }
      const run = runTick(executor, schedule, now(), log).finally(() => {
        current = undefined;
        runs.delete(run);
      });
      current = run;
      runs.add(run);
      return run;
    };
    const cron = new Cron(schedule.cron, CRON_OPTIONS, () => void runNow());
    crons.push(cron);
    return { schedule, runNow, nextRun: () => cron.nextRun() };
  });
  log({ level: "info", msg: "schedule trigger started", schedules: enabled.map((schedule) => schedule.cron) });

  return {
    jobs,
    runNow: () => Promise.all(jobs.map((job) => job.runNow())),
    async stop() {
      for (const cron of crons) cron.stop();
      await Promise.all(runs);
    },
  };
}

const CRON_OPTIONS = { mode: "5-or-6-parts" } as const;

/** Parses without scheduling, so a bad schedule fails the start before any timer exists. */
function checkCron(cron: string, index: number): void {
  try {
    new Cron(cron, CRON_OPTIONS);
  } catch (error) {
    throw new Error(`schedules[${index}].cron "${cron}": ${describeError(error)}`);
  }
}

async function runTick(executor: Executor, schedule: ScheduleConfig, firedAt: Date, log: TriggerLog): Promise<TickOutcome> {
  const requestId = randomUUID();
  try {
    const record = await executor.execute({
      dataProcesses: schedule.dataProcesses,
      payload: buildSchedulePayload(schedule.cron, requestId),
      triggerType: "Schedule",
      triggerMetadata: { cron: schedule.cron, firedAt: firedAt.toISOString(), requestId },
    });
    log({ level: "info", msg: "schedule run finished", cron: schedule.cron, executionId: record.executionId, status: record.status, ms: record.durationMs });
    return "ran";
  } catch (error) {
    log({ level: "error", msg: "schedule run failed", cron: schedule.cron, error: describeError(error) });
    return "failed";
  }
}
