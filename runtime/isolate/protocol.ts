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

/** One logic to run, as the executor asks for it. */
export interface LogicRunRequest {
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

/**
 * What a logic worker gets to run one logic. A bundle is hundreds of KB: its text crosses to a
 * worker once (`script`), later runs there name it by `scriptId` (../isolate/script-ids).
 */
export interface LogicRun extends Omit<LogicRunRequest, "script"> {
  w: number;
  scriptId: number;
  /** The script's text, when this worker does not hold it yet. */
  script?: string;
}

/**
 * Scripts a logic worker keeps, the most recently sent ones; the host tracks the same, so it
 * sends a script's text again only to a worker that dropped it (a watch session's rebuilds).
 */
export const WORKER_SCRIPTS = 8;

/**
 * Large byte arguments of these operations cross as streams (./wire): the operation's frame holds
 * a marker, and the bytes follow in chunks the host asks for as it consumes them, so that neither
 * side makes a second whole copy of them. Only operations whose host side consumes a stream are
 * listed; every other operation's bytes cross whole.
 */
export const STREAMED_OPS: ReadonlySet<string> = new Set(["op_file_storage_agent_simple_put"]);
/** A byte argument of a streamed operation at least this large crosses as a stream. */
export const STREAM_MIN_BYTES = 1024 * 1024;
/** The bytes of one chunk of a stream (the last one may be shorter). */
export const STREAM_CHUNK_BYTES = 512 * 1024;
/** Room for a chunk frame's header and JSON besides the chunk's bytes. */
export const STREAM_FRAME_SLACK_BYTES = 4096;
/** Chunks the host asks for ahead of the one it consumes: what one stream holds in flight. */
export const STREAM_WINDOW = 2;

/**
 * V8's garbage collector, exposed to the Deno host's code under this name (`--expose-gc-as`): a
 * logic worker runs a young-generation collection after every few MiB of bytes it received, so
 * the chunks of a download a logic has copied away are freed then — V8 alone lets tens of MiB of
 * them pile up before it collects. Removed with the other non-LOC globals before a logic runs.
 */
export const GC_GLOBAL = "__locCollectGarbage";
/** Bytes a logic worker receives between two such collections (a download arrives in chunks of 512 KiB). */
export const WORKER_COLLECT_AFTER_BYTES = 1024 * 1024;
/** A run that received or streamed out at least this many bytes is followed by a full collection in its isolate. */
export const MAJOR_COLLECT_AFTER_RUN_BYTES = 16 * 1024 * 1024;
/** Bytes crossing the Node process (both ways) between two of its young-generation collections (./young-collector). */
export const HOST_COLLECT_AFTER_BYTES = 4 * 1024 * 1024;
/**
 * A logic worker copies received byte arrays up to this size into arrays of its own and frees the
 * frame at once: V8's young-generation collections free such copies, but never a buffer that came
 * in a message (only a full collection does). A larger array (a whole file) is handed to the
 * logic as it came, without a second copy.
 */
export const COPY_RECEIVED_MAX_BYTES = 4 * 1024 * 1024;

/** Node → logic worker. */
export type ToLogic =
  | { t: "run"; run: LogicRun }
  | {
      t: "result";
      id: number;
      ok: true;
      value: unknown;
      /** All a resource the answer names will read (../agents WithWholeBody): the worker answers op_read of it. */
      whole?: { rid: number; bytes: Uint8Array };
    }
  | { t: "result"; id: number; ok: false; error: ErrorRecord }
  /** Send `n` more chunks of stream `s`. */
  | { t: "pull"; s: number; n: number };

/** Where a logic failed without Saffron's railway catching it: loading its script, or in its error handler. */
export type FailurePhase = "load" | "logic";

/** Logic worker → Node. */
export type FromLogic =
  | { t: "op"; id: number; name: string; args: unknown[] }
  /** A synchronous operation, already answered in the worker; the host records it, in order. */
  | { t: "sync"; name: string; args: unknown[] }
  | { t: "console"; level: string; text: string }
  /** The next chunk of stream `s` (in order), or why it cannot be sent (its bytes were detached…). */
  | { t: "chunk"; s: number; b: Uint8Array }
  | { t: "chunk"; s: number; error: ErrorRecord }
  | { t: "done"; failure?: { phase: FailurePhase; error: ErrorRecord } }
  /** After a successful done: whether the realm was reset to exactly its state before the first run (./deno/realm-snapshot). */
  | { t: "clean"; reusable: boolean };
