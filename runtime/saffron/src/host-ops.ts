/**
 * The host operations LOC provides to a logic isolate, by name and shape: the contract between
 * Saffron (runtime/saffron, inside the isolate) and the local runtime's agents (runtime/agents, on
 * the host). Names and argument shapes are those the real Saffron 0.10 calls through
 * `Deno.core.ops[name](…)` (synchronous) or `Deno.core.opAsync(name, …)`.
 *
 * Values crossing the boundary are JSON-like data, `Uint8Array` bytes and `null` (the isolate
 * boundary copies them; nothing is shared).
 */
import type { Payload } from "./types/payload";

export type LogRecordLevel = "Trace" | "Debug" | "Info" | "Warn" | "Error";

/** What op_log takes, as the real Saffron sends it: a string as Plaintext, anything else as Json. */
export interface LogRecord {
  level: LogRecordLevel;
  message: { Plaintext: string } | { Json: unknown };
}

/** How LOC stores a storage value: tagged by kind. */
export type StoredValue = { String: string } | { Json: unknown } | { ByteArray: Uint8Array };

export interface RailwayErrorRecord {
  name: string;
  message: string;
  logicPermanentIdentity: string;
  logicRevision: number;
}

export interface VersionedIdentityRecord {
  permanentIdentity: string;
  revision: number;
  name: string;
}

/** What op_fetch_task answers (Saffron adds the `taskId` / `startAt` aliases). */
export interface TaskRecord {
  taskKey: { executionId: string; taskId: string };
  /** ISO 8601. */
  startTimestamp: string;
  dataProcess: VersionedIdentityRecord;
  currentLogic?: VersionedIdentityRecord;
  executedLogics: VersionedIdentityRecord[];
}

export interface FileStorageTarget {
  configurationId: string;
  path: string;
}

export interface FileStorageEntry {
  type: "file" | "directory" | "symbolicLink";
  name: string;
}

/** op_http_agent_prepare's first argument (LOC's `opFetch`). `path` is a path, never a full URL. */
export interface HttpPrepareArgs {
  configurationId: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  hasBody: boolean;
  bodyLength: number | null | undefined;
}

export interface HttpPrepared {
  requestRid: number;
  /** Always null locally: request bodies arrive whole with op_http_agent_prepare. */
  requestBodyRid: number | null;
  cancelHandleRid: number | null;
}

export interface HttpResponseHead {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  /** The URL finally answered, after redirects the agent followed. */
  url: string;
  /** Read with op_read until it answers no bytes; release with op_close. */
  responseRid: number;
}

export interface HostOps {
  // Task (sync ones are answered inside the isolate from what the host sent at its start).
  op_fetch_payload(): Payload;
  op_fetch_task(): TaskRecord;

  op_railway_is_ok(): boolean;
  op_railway_switch(error: { name: string; message: string }): void;
  op_railway_get_error(): RailwayErrorRecord;

  /** Aggregator only; synchronous. Merges `value` into the task result by top-level key. */
  op_result_agent_set(value: object): void;
  op_result_agent_set_http_status_code(code: number): void;

  /** Synchronous. */
  op_log(record: LogRecord): void;

  /** Resolves the stored value itself (string, JSON value or bytes), or null when absent. */
  op_session_storage_agent_get(key: string): unknown;
  op_session_storage_agent_put(entry: { key: string; value: StoredValue }): boolean;
  op_session_storage_agent_delete(key: string): void;

  /** Generic logics only. `timeout` in seconds (default 300, at most 86,400). */
  op_local_storage_agent_get(key: string): unknown;
  op_local_storage_agent_put(entry: { key: string; value: StoredValue; timeout?: number }): void;
  op_local_storage_agent_delete(key: string): void;

  /** Resolves a configuration name to its id; fails when no such configuration exists. */
  op_http_agent_acquire(configurationName: string): string;
  op_http_agent_prepare(args: HttpPrepareArgs, body: Uint8Array | null): HttpPrepared;
  op_http_agent_send(configurationId: string, requestRid: number): HttpResponseHead;

  /** deno_core's resource read: at most `maxBytes` of the resource; an empty array at its end. */
  op_read(rid: number, maxBytes: number): Uint8Array;
  op_close(rid: number): void;
  op_try_close(rid: number): void;

  op_file_storage_agent_acquire(configurationName: string): string;
  op_file_storage_agent_simple_get(target: FileStorageTarget): Uint8Array;
  op_file_storage_agent_simple_put(target: FileStorageTarget & { ensureDir: boolean }, data: Uint8Array): number;
  op_file_storage_agent_delete(target: FileStorageTarget): void;
  op_file_storage_agent_list(target: FileStorageTarget): FileStorageEntry[];
  op_file_storage_agent_create_dir_all(target: FileStorageTarget): void;

  /** Synchronous. */
  op_logic_variable_get(name: string): string | null;

  // Agents LOC has and the local runtime does not back yet: each fails naming its agent.
  op_event_agent_emit(events: unknown[]): void;
  op_event_agent_search(request: unknown): unknown;
  op_event_agent_search_with_pattern(request: unknown): unknown;
  op_database_agent_acquire(configurationName: string): unknown;
  op_database_agent_query(args: unknown): unknown;
  op_database_agent_execute(args: unknown): unknown;
  op_database_agent_release(uid: unknown): void;
  op_database_agent_begin_transaction(uid: unknown): void;
  op_database_agent_commit_transaction(uid: unknown): void;
  op_database_agent_rollback_transaction(uid: unknown): void;
  op_mail_agent_acquire(configurationName: string): string;
  op_mail_agent_send(args: unknown): void;
}

export type HostOpName = keyof HostOps;

/**
 * Called through `Deno.core.ops[name](…)` and answered without waiting: inside the isolate
 * (task, variables) or sent to the host in order with the other operations (log, result).
 */
export const SYNC_OPS = [
  "op_fetch_task",
  "op_logic_variable_get",
  "op_log",
  "op_result_agent_set",
  "op_result_agent_set_http_status_code",
] as const satisfies readonly HostOpName[];

export type SyncOpName = (typeof SYNC_OPS)[number];
export type AsyncOpName = Exclude<HostOpName, SyncOpName>;
