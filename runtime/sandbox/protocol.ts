/**
 * Messages between the runtime (host) and a task's sandbox worker. The worker runs logic code;
 * it answers the synchronous operations and those of the in-sandbox agents (file storage)
 * itself, the host every other one.
 */
import type { HostOpName } from "../../sdk/src/host/ops";
import type { LogicIdentity } from "../agents/agent";
import type { InSandboxSetup } from "../agents/in-sandbox";

export interface ErrorRecord {
  name: string;
  message: string;
}

export interface SandboxLogic extends LogicIdentity {
  /** Shown in stack traces. */
  filename: string;
  /** A classic script completing with the logic module's namespace (bundler's toSandboxScript). */
  script: string;
}

export interface SandboxWorkerData {
  /** The SDK as a sandbox script: gives each logic context `__runLogic`. */
  sdkScript: string;
  logics: SandboxLogic[];
  /** Logic variables, for the synchronous op_logic_variable_get. */
  variables: Record<string, string>;
  /** The agents whose operations the worker answers itself. */
  inSandbox: InSandboxSetup[];
}

export type HostToSandbox =
  | { type: "run"; logic: number }
  | { type: "opResult"; id: number; ok: true; value: unknown }
  | { type: "opResult"; id: number; ok: false; error: ErrorRecord };

/** Where a logic failed without the SDK catching it: loading the module, or in handleError. */
export type FailurePhase = "load" | "logic";

export type SandboxToHost =
  | { type: "op"; id: number; logic: number; name: HostOpName; args: unknown[] }
  /** A synchronous operation already checked in the sandbox; the host records it, answers nothing. */
  | { type: "syncOp"; logic: number; name: HostOpName; args: unknown[] }
  | { type: "done"; logic: number; failure?: { phase: FailurePhase; error: ErrorRecord } }
  /**
   * A temporary file (absolute path) an in-sandbox write is about to create, or is done with.
   * Sent before the file exists, so the host, once the worker is terminated, knows every one
   * it may have left behind.
   */
  | { type: "tempFile"; state: "opened" | "done"; path: string };
