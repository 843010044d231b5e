/**
 * What the console shows of an execution, built from a live execution or a stored record: a summary
 * for the list, and the whole view (tasks, result, logs, the payload that started it).
 */
import type { ExecutionRecord, LogEntry, TaskRecord, TriggerType } from "../contract";
import { finishedStatus, type ExecutionStatus } from "../execution-status";
import type { LiveExecution, Progress } from "../executor/live-executions";
import { bodyOf, type StoredBody, type StoredInput } from "../stores/stored-input";

export interface ExecutionSummary {
  executionId: string;
  triggerType: TriggerType;
  dataProcesses: string[];
  triggeredAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** The execution's HTTP status code; null while it runs. */
  status: number | null;
  state: ExecutionStatus;
  /** While running: waiting for a slot, or the logic each task is at ("read-orders 1/4"). */
  activity?: string;
  progress?: Progress;
  /** The execution this one re-ran. */
  rerunOf?: string;
}

export interface ExecutionView {
  summary: ExecutionSummary;
  triggerMetadata: Record<string, unknown>;
  tasks: TaskRecord[];
  result: Record<string, unknown> | null;
  logs: LogEntry[];
  /** Null for executions stored before inputs were kept. */
  input: { payload: Record<string, unknown>; body: StoredBody | null } | null;
  /** Whether it can be run again with the same payload. */
  canRerun: boolean;
}

function rerunOf(metadata: Record<string, unknown>): string | undefined {
  return typeof metadata.rerunOf === "string" ? metadata.rerunOf : undefined;
}

export function recordSummary(record: ExecutionRecord, dataProcesses = record.tasks.map((task) => task.dataProcess)): ExecutionSummary {
  const rerun = rerunOf(record.triggerMetadata);
  return {
    executionId: record.executionId,
    triggerType: record.triggerType,
    dataProcesses,
    triggeredAt: record.triggeredAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    status: record.status,
    state: finishedStatus(record),
    ...(rerun === undefined ? {} : { rerunOf: rerun }),
  };
}

function activityOf(execution: LiveExecution): string {
  if (execution.state === "queued") return "waiting for an execution slot";
  const steps = execution.dataProcesses.flatMap((name) => {
    const step = execution.steps[name];
    return step ? [`${execution.dataProcesses.length > 1 ? `${name}: ` : ""}${step.logic} ${step.position}/${step.count}`] : [];
  });
  return steps.join(", ") || "starting";
}

export function liveSummary(execution: LiveExecution): ExecutionSummary {
  if (execution.record) return recordSummary(execution.record, execution.dataProcesses);
  const rerun = rerunOf(execution.triggerMetadata);
  return {
    executionId: execution.executionId,
    triggerType: execution.triggerType,
    dataProcesses: execution.dataProcesses,
    triggeredAt: execution.triggeredAt,
    status: null,
    state: "In Progress",
    activity: activityOf(execution),
    ...(execution.progress ? { progress: execution.progress } : {}),
    ...(rerun === undefined ? {} : { rerunOf: rerun }),
  };
}

function inputView(input: StoredInput | undefined): ExecutionView["input"] {
  return input ? { payload: input.payload, body: bodyOf(input) ?? null } : null;
}

export function executionView(live: LiveExecution | undefined, record: ExecutionRecord | undefined, input: StoredInput | undefined): ExecutionView | undefined {
  const finished = live?.record ?? record;
  if (finished) {
    return {
      summary: recordSummary(finished, live?.dataProcesses ?? input?.dataProcesses),
      triggerMetadata: finished.triggerMetadata,
      tasks: finished.tasks,
      result: finished.result,
      logs: finished.logs,
      input: inputView(input),
      canRerun: input !== undefined,
    };
  }
  if (!live) return undefined;
  return {
    summary: liveSummary(live),
    triggerMetadata: live.triggerMetadata,
    tasks: [],
    result: null,
    logs: live.logs,
    input: inputView(live.input),
    canRerun: true,
  };
}
