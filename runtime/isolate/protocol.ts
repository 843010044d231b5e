/**
 * Messages between the Node runtime, the Deno host process and the logic workers (carried in
 * ./wire frames). Control messages have target 0; the others name their logic worker.
 */
import type { TaskRecord } from "../saffron/src/host-ops";

export type LogicKind = "generic" | "aggregator";

/** Node → Deno host. */
export type DenoControl =
  | { t: "setup"; bootstrap: string }
  | { t: "spawn"; w: number }
  | { t: "kill"; w: number };

/** Deno host → Node. */
export type DenoEvent = { t: "ready" } | { t: "exit"; w: number; error: string };

export interface ErrorRecord {
  name: string;
  message: string;
}

/** What a logic worker needs to run one logic, sent once it was spawned. */
export interface LogicRun {
  w: number;
  kind: LogicKind;
  /** The logic's name, for messages. */
  name: string;
  /** Shown in stack traces (`//# sourceURL`). */
  filename: string;
  /** The logic: a classic script. */
  script: string;
  /** Answers op_fetch_task. */
  task: TaskRecord;
  /** Answers op_logic_variable_get. */
  variables: Record<string, string>;
}

/** Node → logic worker. */
export type ToLogic =
  | { t: "run"; run: LogicRun }
  | { t: "result"; id: number; ok: true; value: unknown }
  | { t: "result"; id: number; ok: false; error: ErrorRecord };

/** Where a logic failed without Saffron's railway catching it: loading its script, or in its error handler. */
export type FailurePhase = "load" | "logic";

/** Logic worker → Node. */
export type FromLogic =
  | { t: "op"; id: number; name: string; args: unknown[] }
  /** A synchronous operation, already answered in the worker; the host records it, in order. */
  | { t: "sync"; name: string; args: unknown[] }
  | { t: "console"; level: string; text: string }
  | { t: "done"; failure?: { phase: FailurePhase; error: ErrorRecord } }
  /** After a successful done: whether the realm was reset to exactly its state before the first run (./deno/realm-snapshot). */
  | { t: "clean"; reusable: boolean };
