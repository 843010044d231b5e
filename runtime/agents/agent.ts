/**
 * What every agent implements: given one task, the host operations it provides (by the names
 * Saffron calls, ../saffron/src/host-ops) and how to release what the task left open. Every
 * operation is answered here, on the host; the logic's isolate only sends its arguments.
 * Registered in ./index.
 */
import type { z } from "zod";
import type { LogLevel } from "../contract";
import type { HostOpName } from "../saffron/src/host-ops";
import type { RuntimeConfig } from "../config/schema";
import type { ExecutionLog } from "./logging";
import type { TaskResult } from "./result";
import type { SessionStore } from "./session-storage";

export type LogicKind = "generic" | "aggregator";

export interface LogicIdentity {
  /** The logic file's name without extension (`read-orders`). */
  name: string;
  kind: LogicKind;
  permanentIdentity: string;
  revision: number;
}

/** Who called a host operation. */
export interface OpCaller {
  logic: LogicIdentity;
  /**
   * The caller takes a small response body whole with its head (../isolate: the logic's isolate
   * then answers its reads itself, without a round trip each): see `WithWholeBody`.
   */
  takesWholeBodies?: boolean;
}

/**
 * An operation's answer with bytes that travel beside it, for the caller's transport only: the
 * answer is `value`; `bytes` is what the resource it names will read, all of it.
 */
export class WithWholeBody {
  constructor(
    readonly value: unknown,
    readonly rid: number,
    readonly bytes: Uint8Array,
  ) {}
}

export type OpHandler = (caller: OpCaller, ...args: unknown[]) => unknown;
export type OpTable = Partial<Record<HostOpName, OpHandler>>;

/** What the runtime owns for its whole life. */
export interface RuntimeResources {
  config: RuntimeConfig;
  stateDir: string;
  /** Epoch milliseconds; injectable so expiry is testable without waiting. */
  now: () => number;
}

/** One task: one data process run within one execution. */
export interface TaskScope {
  executionId: string;
  taskId: string;
  dataProcess: string;
  /**
   * This task's own session storage: shared by the task's logics and by nothing else. LOC gives
   * each task (each data process of an execution) its own, so the executor makes a new
   * SessionStore for every task, never one per execution; it is gone when the task ends.
   */
  session: SessionStore;
  result: TaskResult;
  log: ExecutionLog;
  /** The data process's logic variables, resolved. */
  variables: Readonly<Record<string, string>>;
}

export interface TaskAgent {
  ops: OpTable;
  /** Releases what the task left open (response bodies…); called once the task ended. */
  dispose?(): void | Promise<void>;
}

export interface Agent {
  attach(task: TaskScope): TaskAgent;
}

export type AgentFactory = (resources: RuntimeResources) => Agent;

/**
 * An error a host operation reports to the logic: crosses into the isolate as an error with this
 * name and message (never a host stack trace).
 */
export class HostOpError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Validates an operation's argument at the edge; a bad one is the logic's TypeError. */
export function parseArg<Schema extends z.ZodType>(op: HostOpName, schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
  throw new HostOpError("TypeError", `${op}: ${where}${issue?.message ?? "invalid argument"}`);
}

export type { LogLevel };
