/**
 * Executions as they run: what the console shows before a record exists — waiting for a slot or
 * running, the logic each task is at, the log so far and the progress a logic reports. An entry
 * stays, with its record, until that record is stored, so a reader never sees an execution vanish
 * between the two.
 */
import type { ExecutionRecord, LogEntry, TriggerType } from "../contract";
import type { StoredInput } from "../stores/stored-input";

export interface TaskStep {
  logic: string;
  /** 1-based position of the logic in its data process. */
  position: number;
  count: number;
}

/** `{ "progress": { "done": 3, "total": 64 } }` anywhere in a JSON log line (e.g. the order logic's per-order line). */
export interface Progress {
  done: number;
  total: number;
}

export interface LiveExecution {
  executionId: string;
  dataProcesses: string[];
  triggerType: TriggerType;
  triggerMetadata: Record<string, unknown>;
  /** ISO 8601: when the trigger started it (it may wait for a slot first). */
  triggeredAt: string;
  state: "queued" | "running" | "finished";
  /** Per data process. */
  steps: Record<string, TaskStep>;
  progress?: Progress;
  logs: LogEntry[];
  /** What started it (redacted), as stored beside its record. */
  input: StoredInput;
  record?: ExecutionRecord;
}

export type ExecutionActivity =
  | { kind: "started" | "updated"; execution: LiveExecution }
  | { kind: "finished"; execution: LiveExecution; record: ExecutionRecord };

export type ActivityListener = (activity: ExecutionActivity) => void;

const PROGRESS_MARK = '"progress"';

export function progressOf(message: string): Progress | undefined {
  if (!message.includes(PROGRESS_MARK)) return undefined;
  try {
    const progress = (JSON.parse(message) as { progress?: unknown }).progress as Partial<Progress> | undefined;
    const { done, total } = progress ?? {};
    return Number.isInteger(done) && Number.isInteger(total) && total! > 0 && done! >= 0 ? { done: Math.min(done!, total!), total: total! } : undefined;
  } catch {
    return undefined;
  }
}

export class LiveExecutions {
  private readonly executions = new Map<string, LiveExecution>();
  private readonly listeners = new Set<ActivityListener>();

  add(input: StoredInput): void {
    const { executionId } = input;
    const execution: LiveExecution = {
      executionId,
      dataProcesses: input.dataProcesses,
      triggerType: input.triggerType,
      triggerMetadata: input.triggerMetadata,
      input,
      triggeredAt: new Date().toISOString(),
      state: "queued",
      steps: {},
      logs: [],
    };
    this.executions.set(executionId, execution);
    this.emit({ kind: "started", execution });
  }

  running(executionId: string): void {
    this.update(executionId, (execution) => (execution.state = "running"));
  }

  log(entry: LogEntry): void {
    if (entry.executionId === undefined) return;
    this.update(entry.executionId, (execution) => {
      execution.logs.push(entry);
      execution.progress = progressOf(entry.message) ?? execution.progress;
    });
  }

  step(executionId: string, dataProcess: string, step: TaskStep): void {
    this.update(executionId, (execution) => (execution.steps[dataProcess] = step));
  }

  finish(record: ExecutionRecord): void {
    const execution = this.executions.get(record.executionId);
    if (!execution) return;
    execution.state = "finished";
    execution.record = record;
    this.emit({ kind: "finished", execution, record });
  }

  /** The record is stored (or could not be): readers go to the store now. */
  forget(executionId: string): void {
    this.executions.delete(executionId);
  }

  get(executionId: string): LiveExecution | undefined {
    return this.executions.get(executionId.toLowerCase());
  }

  list(): LiveExecution[] {
    return [...this.executions.values()];
  }

  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(executionId: string, change: (execution: LiveExecution) => void): void {
    const execution = this.executions.get(executionId);
    if (!execution || execution.state === "finished") return;
    change(execution);
    this.emit({ kind: "updated", execution });
  }

  private emit(activity: ExecutionActivity): void {
    for (const listener of this.listeners) {
      try {
        listener(activity);
      } catch {
        // A listener (the console) failing must never fail an execution.
      }
    }
  }
}
