/**
 * One task: a data process's logics run in order in a sandbox worker, the railway deciding
 * between `run` and `handleError` (inside the SDK's `__runLogic`, asking the host). A logic
 * past its own timeout, or the task past the execution's, ends the task with 202, keeping what
 * result the aggregator had set.
 */
import { randomUUID } from "node:crypto";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import type { HostOpName } from "../../sdk/src/host/ops";
import type { TaskInfo } from "../../sdk/src/types/task";
import type { TaskRecord } from "../contract";
import { HostOpError, type Agent, type LogicIdentity, type OpTable, type TaskScope } from "../agents/agent";
import { unavailableReason } from "../agents/availability";
import type { ExecutionLog } from "../agents/logging";
import { TaskResult } from "../agents/result";
import type { SessionStore } from "../agents/session-storage";
import { explainMissingGlobal } from "../sandbox/missing-globals";
import type { ErrorRecord, FailurePhase } from "../sandbox/protocol";
import { SandboxWorker } from "../sandbox/sandbox-worker";
import { versionedIdentity, type PreparedDataProcess, type PreparedLogic } from "./data-process";
import { Railway } from "./railway";
import { taskOps } from "./task-ops";
import { startTimer, whenAborted, type Timer } from "./timer";

/** LOC's code for an execution that did not finish in time. */
export const TIMED_OUT_STATUS = 202;
/** The code of a task whose sandbox died under it. */
const CRASHED_STATUS = 500;

export interface TaskInput {
  executionId: string;
  dataProcess: PreparedDataProcess;
  payload: Payload;
  sdkScript: string;
  /** The execution's timeout for this task (the data process's, or the trigger's override). */
  timeoutMs: number;
  agents: readonly Agent[];
  session: SessionStore;
  log: ExecutionLog;
  /** Aborted when the runtime closes: the task ends as if timed out. */
  signal: AbortSignal;
}

type Step = { kind: "done"; failure?: { phase: FailurePhase; error: ErrorRecord } } | { kind: "stopped"; why: string };

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
    session: input.session,
    result,
    log,
    variables: dataProcess.variables,
  };
  const attached = input.agents.map((agent) => agent.attach(scope));
  const infoFor = (logic: LogicIdentity): TaskInfo => {
    const index = dataProcess.logics.findIndex((candidate) => candidate.name === logic.name);
    return {
      taskKey: { executionId: input.executionId, taskId },
      taskId: { id: taskId, executionId: input.executionId },
      startTimestamp,
      startAt: startTimestamp,
      dataProcess: dataProcess.identity,
      currentLogic: versionedIdentity(logic),
      executedLogics: dataProcess.logics.slice(0, Math.max(index, 0)).map(versionedIdentity),
    };
  };
  const ops: OpTable = Object.assign({}, ...attached.map((agent) => agent.ops), taskOps({ railway, payload: input.payload, infoFor }));
  const logAs = (logic: string, level: "warn" | "error", message: string) => log.add(level, dataProcess.name, logic, message);

  const dispatch = (index: number, name: HostOpName, args: unknown[]): unknown => {
    const logic = dataProcess.logics[index];
    if (!logic) throw new HostOpError("Error", `no logic #${index} in data process "${dataProcess.name}"`);
    const reason = unavailableReason(name, logic.kind, logic.name);
    if (reason) throw new HostOpError("Error", reason);
    const handler = ops[name];
    if (!handler) throw new HostOpError("TypeError", `${String(name)} is not a LOC host operation`);
    return handler({ logic }, ...args);
  };

  const executionTimer = startTimer(input.timeoutMs);
  let worker: SandboxWorker | undefined;
  let status: number | undefined;
  let timedOut = false;
  let current = 0;
  try {
    worker = await SandboxWorker.start(
      {
        sdkScript: input.sdkScript,
        logics: dataProcess.logics.map(({ name, kind, permanentIdentity, revision, filename, script }) => ({
          name,
          kind,
          permanentIdentity,
          revision,
          filename,
          script,
        })),
        variables: dataProcess.variables,
        inSandbox: input.agents.flatMap((agent) => (agent.inSandbox ? [agent.inSandbox] : [])),
      },
      {
        op: dispatch,
        syncOp: (index, name, args) => {
          try {
            dispatch(index, name, args);
          } catch (error) {
            logAs(dataProcess.logics[index]?.name ?? "?", "error", `${name} failed: ${(error as Error).message}`);
          }
        },
      },
    );
    for (const [index, logic] of dataProcess.logics.entries()) {
      current = index;
      const step = await runStep(worker, index, logic, dataProcess, executionTimer, input);
      if (step.kind === "stopped") {
        timedOut = true;
        logAs(logic.name, "warn", `${step.why}; the task ends with ${TIMED_OUT_STATUS}`);
        break;
      }
      if (step.failure) recordFailure(logic, step.failure.phase, step.failure.error, railway, logAs);
    }
  } catch (error) {
    // The sandbox died (or could not start): the task cannot go on.
    const logic = dataProcess.logics[current];
    const record = { name: (error as Error).name || "Error", message: (error as Error).message };
    if (railway.isOk && logic) railway.switch(record, logic);
    logAs(logic?.name ?? "?", "error", `${record.name}: ${record.message}`);
    status = result.statusCode ?? CRASHED_STATUS;
  } finally {
    executionTimer.cancel();
    await worker?.terminate();
    await Promise.all(attached.map((agent) => agent.dispose?.()));
  }
  return {
    dataProcess: dataProcess.name,
    taskId,
    status: timedOut ? TIMED_OUT_STATUS : (status ?? result.statusCode ?? 200),
    result: result.value,
    ...(railway.summary() ? { railwayError: railway.summary() } : {}),
    timedOut,
  };
}

/** Runs one logic, or stops at the first of: its timeout, the execution's, the runtime closing. */
async function runStep(
  worker: SandboxWorker,
  index: number,
  logic: PreparedLogic,
  dataProcess: PreparedDataProcess,
  executionTimer: Timer,
  input: TaskInput,
): Promise<Step> {
  const logicTimer = startTimer(dataProcess.logicTimeoutMs);
  const closing = whenAborted(input.signal);
  try {
    return await Promise.race<Step>([
      worker.runLogic(index).then((outcome) => ({ kind: "done", failure: outcome.failure })),
      logicTimer.elapsed.then(() => ({
        kind: "stopped",
        why: `logic "${logic.name}" did not finish within ${dataProcess.logicTimeoutMs} ms (logicTimeoutMs)`,
      })),
      executionTimer.elapsed.then(() => ({
        kind: "stopped",
        why: `the execution did not finish within ${input.timeoutMs} ms (timeoutMs) while logic "${logic.name}" ran`,
      })),
      closing.elapsed.then(() => ({ kind: "stopped", why: "the runtime closed before the task finished" })),
    ]);
  } finally {
    logicTimer.cancel();
    closing.cancel();
  }
}

/** A failure the SDK could not route through the railway itself. */
function recordFailure(
  logic: PreparedLogic,
  phase: FailurePhase,
  error: ErrorRecord,
  railway: Railway,
  logAs: (logic: string, level: "warn" | "error", message: string) => void,
): void {
  const explained = explainMissingGlobal(error, logic.name);
  const text = `${explained.name}: ${explained.message}`;
  if (railway.isOk) {
    // Loading the module failed, or it exports no logic: run never ran, but the railway must
    // still carry the failure to the later logics.
    railway.switch(explained, logic);
    logAs(logic.name, "error", phase === "load" ? `logic "${logic.name}" failed to load: ${text}` : `logic "${logic.name}" failed: ${text}`);
  } else {
    logAs(logic.name, "error", phase === "load" ? `logic "${logic.name}" failed to load: ${text}` : `handleError of logic "${logic.name}" threw: ${text}`);
  }
}
