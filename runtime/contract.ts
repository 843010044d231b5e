/**
 * What the executor offers to the triggers (manual CLI, API route, Kafka, schedule).
 */
import type { Payload } from "@fstnetwork/loc-logic-sdk";

/** A log entry's level, as the execution's log keeps it (LOC's op_log spells them `Info`, …). */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

export const TRIGGER_TYPES = ["Manual", "ApiRoute", "MessageQueue", "Schedule"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export interface ExecuteRequest {
  /** The data processes to run as tasks of one execution (concurrently). */
  dataProcesses: string[];
  payload: Payload;
  triggerType: TriggerType;
  /** Extra metadata recorded with the execution (route, topic/partition/offset, schedule…). */
  triggerMetadata?: Record<string, unknown>;
  /**
   * Overrides the data processes' own execution timeout (for tests and tools). No trigger
   * sets it: an API route's synchronous wait is the route's own (it answers 202 and lets the
   * execution go on), never a limit on the execution.
   */
  timeoutMs?: number;
  /**
   * The execution's id (a UUID), when the trigger needs it before starting — e.g. to put it in
   * the payload as its `requestId`. A new one is made when omitted.
   */
  executionId?: string;
}

export interface LogEntry {
  /** The execution that logged it: concurrent executions' lines interleave on one console. */
  executionId?: string;
  /** ISO 8601 */
  time: string;
  level: LogLevel;
  dataProcess: string;
  logic: string;
  /** Already redacted. */
  message: string;
}

export interface TaskRecord {
  dataProcess: string;
  taskId: string;
  /** This task's code: as set by ResultAgent.httpStatusCode, else 200, or 202 when it timed out. */
  status: number;
  result: Record<string, unknown>;
  railwayError?: { name: string; message: string; logic: string };
  timedOut: boolean;
  /** Set when the task's isolate died under it (LOC's "Execution Error"). */
  crashed?: true;
}

export interface ExecutionRecord {
  executionId: string;
  triggerType: TriggerType;
  triggerMetadata: Record<string, unknown>;
  /** ISO 8601 */
  triggeredAt: string;
  finishedAt: string;
  durationMs: number;
  /** Final code, picked over the tasks by 5xx > 4xx > 3xx > 2xx, largest number winning. */
  status: number;
  /** The tasks' results merged by top-level key. */
  result: Record<string, unknown>;
  timedOut: boolean;
  tasks: TaskRecord[];
  logs: LogEntry[];
}

export interface StartedExecution {
  executionId: string;
  /** Resolves once the execution is finished and stored; never rejects. */
  done: Promise<ExecutionRecord>;
}

export interface Executor {
  /** Runs to the end (or to the timeout) and resolves with the stored record. */
  execute(request: ExecuteRequest): Promise<ExecutionRecord>;
  /** Starts at once; the record is stored when done. */
  start(request: ExecuteRequest): StartedExecution;
  /** A stored execution, across restarts of the runtime. */
  getExecution(executionId: string): Promise<ExecutionRecord | undefined>;
  hasDataProcess(name: string): boolean;
  /** Waits (bounded) for running executions, then releases resources. */
  close(graceMs?: number): Promise<void>;
}
