/**
 * One execution: its data processes run concurrently as tasks; their results merge by
 * top-level key and the final code is picked by priority. The record is redacted, then stored.
 */
import type { ExecuteRequest, ExecutionRecord, TaskRecord } from "../contract";
import type { Agent } from "../agents/agent";
import { ExecutionLog, type LogSink } from "../agents/logging";
import type { DenoIsolates } from "../isolate/deno-isolates";
import { redactValue } from "../redact";
import type { PreparedDataProcess } from "./data-process";
import { mergeByTopLevelKey } from "./merge-results";
import { pickStatusCode } from "./pick-status";
import { runTask } from "./run-task";
import type { TaskStep } from "./live-executions";
import { LOGIC_LOAD_ERROR } from "../execution-status";

export interface ExecutionInput {
  executionId: string;
  request: ExecuteRequest;
  /** Resolves the prepared data processes, or rejects when their logics could not be loaded. */
  prepare(name: string): Promise<PreparedDataProcess>;
  isolates: DenoIsolates;
  onConsole?: (line: string) => void;
  agents: readonly Agent[];
  secrets: readonly string[];
  onLog?: LogSink;
  /** Stores the finished record; must not delay the answer (runtime/executor/create-runtime.ts). */
  persist(record: ExecutionRecord): void;
  signal: AbortSignal;
  onStep?: (dataProcess: string, step: TaskStep) => void;
}

const LOAD_FAILED_STATUS = 500;

async function runDataProcess(name: string, input: ExecutionInput, log: ExecutionLog): Promise<TaskRecord> {
  let dataProcess: PreparedDataProcess;
  try {
    dataProcess = await input.prepare(name);
  } catch (error) {
    const message = (error as Error).message;
    log.add("error", name, "?", message);
    return {
      dataProcess: name,
      taskId: "",
      status: LOAD_FAILED_STATUS,
      result: {},
      railwayError: { name: LOGIC_LOAD_ERROR, message, logic: "?" },
      timedOut: false,
    };
  }
  return runTask({
    executionId: input.executionId,
    dataProcess,
    payload: input.request.payload,
    isolates: input.isolates,
    timeoutMs: input.request.timeoutMs ?? dataProcess.timeoutMs,
    agents: input.agents,
    log,
    onConsole: input.onConsole,
    signal: input.signal,
    onStep: input.onStep && ((step) => input.onStep!(name, step)),
  });
}

export async function runExecution(input: ExecutionInput): Promise<ExecutionRecord> {
  const { request, secrets } = input;
  const triggeredAt = new Date();
  const started = performance.now();
  const log = new ExecutionLog(secrets, input.onLog, input.executionId);
  const tasks = await Promise.all(request.dataProcesses.map((name) => runDataProcess(name, input, log)));
  const record: ExecutionRecord = {
    executionId: input.executionId,
    triggerType: request.triggerType,
    triggerMetadata: request.triggerMetadata ?? {},
    triggeredAt: triggeredAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    status: pickStatusCode(tasks.map((task) => task.status)),
    result: mergeByTopLevelKey(tasks.map((task) => task.result)),
    timedOut: tasks.some((task) => task.timedOut),
    tasks,
    logs: log.entries,
  };
  const redacted = redactValue(record, secrets);
  input.persist(redacted);
  return redacted;
}
