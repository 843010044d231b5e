/**
 * One task: a data process's logics run in order, each in a fresh Deno isolate where Saffron's
 * railway decides between `run` and `handleError` (asking the host). Past the execution's timeout
 * (or when the runtime closes) the running logic is stopped and the task ends with 202, keeping
 * what result the aggregator had set.
 */
import { randomUUID } from "node:crypto";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import type { TaskRecord as TaskInfo } from "../saffron/src/host-ops";
import type { TaskRecord } from "../contract";
import { HostOpError, type Agent, type OpTable, type TaskScope } from "../agents/agent";
import type { ExecutionLog } from "../agents/logging";
import { TaskResult } from "../agents/result";
import { SessionStore } from "../agents/session-storage";
import type { DenoIsolates, LogicOutcome } from "../isolate/deno-isolates";
import { explainMissingGlobal } from "./missing-globals";
import { versionedIdentity, type PreparedDataProcess, type PreparedLogic } from "./data-process";
import { Railway } from "./railway";
import { taskOps } from "./task-ops";
import { startTimer, whenAborted, type Timer } from "./timer";
import type { TaskStep } from "./live-executions";

/** LOC's code for an execution that did not finish in time. */
export const TIMED_OUT_STATUS = 202;
/** The code of a task whose isolate died under it. */
const CRASHED_STATUS = 500;

export interface TaskInput {
  executionId: string;
  dataProcess: PreparedDataProcess;
  payload: Payload;
  isolates: DenoIsolates;
  /** The execution's timeout for this task (the data process's, or the trigger's override). */
  timeoutMs: number;
  agents: readonly Agent[];
  log: ExecutionLog;
  /** Where logic `console` output goes: LOC keeps it out of the execution's logs. */
  onConsole?: (line: string) => void;
  /** Aborted when the runtime closes: the task ends as if timed out. */
  signal: AbortSignal;
  /** Told as each logic starts (the console shows where a task is). */
  onStep?: (step: TaskStep) => void;
}

type Step = { kind: "done"; outcome: LogicOutcome } | { kind: "stopped"; why: string };

export async function runTask(input: TaskInput): Promise<TaskRecord> {
  const { dataProcess, log } = input;
  const taskId = randomUUID();
  const startTimestamp = new Date().toISOString();
  const railway = new Railway();
  const result = new TaskResult();
  const scope: TaskScope = {
    executionId: input.executionId,
    taskId,
    dataProcess: dataProcess.name,
    // SessionStorage belongs to one task: another data process of the execution has its own.
    session: new SessionStore(),
    result,
    log,
    variables: dataProcess.variables,
  };
  const attached = input.agents.map((agent) => agent.attach(scope));
  const ops: OpTable = Object.assign({}, ...attached.map((agent) => agent.ops), taskOps({ railway, payload: input.payload }));
  const logAs = (logic: string, level: "warn" | "error", message: string) => log.add(level, dataProcess.name, logic, message);
  const taskInfo = (index: number): TaskInfo => ({
    taskKey: { executionId: input.executionId, taskId },
    startTimestamp,
    dataProcess: dataProcess.identity,
    currentLogic: versionedIdentity(dataProcess.logics[index]!),
    executedLogics: dataProcess.logics.slice(0, index).map(versionedIdentity),
  });

  const executionTimer = startTimer(input.timeoutMs);
  let status: number | undefined;
  let timedOut = false;
  let crashed = false;
  let current = 0;
  try {
    for (const [index, logic] of dataProcess.logics.entries()) {
      current = index;
      input.onStep?.({ logic: logic.name, position: index + 1, count: dataProcess.logics.length });
      const step = await runStep(logic, taskInfo(index), ops, executionTimer, input);
      if (step.kind === "stopped") {
        timedOut = true;
        logAs(logic.name, "warn", `${step.why}; the task ends with ${TIMED_OUT_STATUS}`);
        break;
      }
      const failure = step.outcome.failure;
      if (failure) recordFailure(logic, failure.phase, failure.error, railway, logAs);
    }
  } catch (error) {
    // The isolate died (or could not start): the task cannot go on.
    const logic = dataProcess.logics[current];
    const record = { name: (error as Error).name || "Error", message: (error as Error).message };
    if (railway.isOk && logic) railway.switch(record, logic);
    logAs(logic?.name ?? "?", "error", `${record.name}: ${record.message}`);
    status = result.statusCode ?? CRASHED_STATUS;
    crashed = true;
  } finally {
    executionTimer.cancel();
    await Promise.all(attached.map((agent) => agent.dispose?.()));
  }
  return {
    dataProcess: dataProcess.name,
    taskId,
    status: timedOut ? TIMED_OUT_STATUS : (status ?? result.statusCode ?? 200),
    result: result.value,
    ...(railway.summary() ? { railwayError: railway.summary() } : {}),
    timedOut,
    ...(crashed ? { crashed: true as const } : {}),
  };
}

/** Runs one logic in its own isolate, or stops it at the execution's timeout or the runtime closing. */
async function runStep(logic: PreparedLogic, task: TaskInfo, ops: OpTable, executionTimer: Timer, input: TaskInput): Promise<Step> {
  const { dataProcess, log } = input;
  const call = (name: string, args: unknown[]): unknown => {
    const handler = ops[name as keyof OpTable];
    if (!handler) throw new HostOpError("TypeError", `${name} is not a LOC host operation`);
    return handler({ logic, takesWholeBodies: true }, ...args);
  };
  const running = await input.isolates.run(
    {
      kind: logic.kind,
      name: logic.name,
      filename: logic.filename,
      script: logic.script,
      task,
      variables: dataProcess.variables,
    },
    {
      op: call,
      sync: (name, args) => {
        try {
          call(name, args);
        } catch (error) {
          log.add("error", dataProcess.name, logic.name, `${name} failed: ${(error as Error).message}`);
        }
      },
      console: (level, text) => input.onConsole?.(`[${dataProcess.name}/${logic.name} console.${level}] ${text}`),
    },
  );
  const closing = whenAborted(input.signal);
  try {
    return await Promise.race<Step>([
      running.outcome.then((outcome) => ({ kind: "done", outcome })),
      executionTimer.elapsed.then(() => ({
        kind: "stopped",
        why: `the execution did not finish within ${input.timeoutMs} ms (timeoutMs) while logic "${logic.name}" ran`,
      })),
      closing.elapsed.then(() => ({ kind: "stopped", why: "the runtime closed before the task finished" })),
    ]);
  } finally {
    closing.cancel();
    running.kill();
    running.outcome.catch(() => undefined);
  }
}

/** A failure Saffron's railway could not route itself: loading the script, or handleError throwing. */
function recordFailure(
  logic: PreparedLogic,
  phase: "load" | "logic",
  error: { name: string; message: string },
  railway: Railway,
  logAs: (logic: string, level: "warn" | "error", message: string) => void,
): void {
  const explained = explainMissingGlobal(error, logic.name);
  const text = `${explained.name}: ${explained.message}`;
  if (railway.isOk) {
    // The script failed to load, or its run failed outside the railway: later logics must still see it.
    railway.switch(explained, logic);
    logAs(logic.name, "error", phase === "load" ? `logic "${logic.name}" failed to load: ${text}` : `logic "${logic.name}" failed: ${text}`);
  } else {
    logAs(logic.name, "error", phase === "load" ? `logic "${logic.name}" failed to load: ${text}` : `handleError of logic "${logic.name}" threw: ${text}`);
  }
}
