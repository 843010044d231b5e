/**
 * The host operations LOC provides to a logic, by name and shape. The SDK calls them through
 * `Deno.core.opAsync(name, ...args)` (or `Deno.core.ops[name](...args)` for the synchronous ones)
 * exactly as the real 0.10 SDK does; the local runtime implements every one of them.
 *
 * Values crossing the boundary are plain JSON-like data, `Uint8Array` bytes and `null`.
 */
import type { Payload } from "../types/payload";
import type { TaskInfo } from "../types/task";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

/** The level as LOC's op_log spells it. */
export type LogRecordLevel = "Trace" | "Debug" | "Info" | "Warn" | "Error";

/** What op_log takes, as the real SDK sends it: a string as Plaintext, an object as Json. */
export interface LogRecord {
  level: LogRecordLevel;
  message: { Plaintext: string } | { Json: unknown };
}

/** How LOC stores a storage value: tagged by kind, as the real SDK sends it. */
export type StoredValue = { String: string } | { Json: unknown } | { ByteArray: Uint8Array };

export interface RailwayErrorRecord {
  name: string;
  message: string;
  logicPermanentIdentity: string;
  logicRevision: number;
}

export interface FileStorageEntry {
  type: "file" | "directory" | "symbolicLink";
  name: string;
}

export interface FileStorageTarget {
  configurationId: string;
  path: string;
}

export interface HttpAgentRequest {
  configurationId: string;
  /** Absolute URL, or a path resolved against the configuration's base URL. */
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: Uint8Array | null;
}

export interface HttpAgentResponseHead {
  status: number;
  statusText: string;
  /** The final URL after redirects. */
  url: string;
  headers: Array<[string, string]>;
  /** Resource id of the body; read it chunk by chunk with op_http_agent_body_read. */
  bodyRid: number;
}

export interface HostOps {
  op_fetch_payload(): Payload;
  op_fetch_task(): TaskInfo;

  op_railway_is_ok(): boolean;
  op_railway_switch(error: { name: string; message: string }): void;
  op_railway_get_error(): RailwayErrorRecord;

  /** Aggregator only: merges `value` into the task result by top-level key. */
  op_result_agent_set(value: object): void;
  op_result_agent_set_http_status_code(code: number): void;

  op_log(record: LogRecord): void;

  /** Resolves the stored value itself (string, JSON value or bytes), or null when absent. */
  op_session_storage_agent_get(key: string): unknown;
  op_session_storage_agent_put(entry: { key: string; value: StoredValue }): void;
  op_session_storage_agent_delete(key: string): void;

  /** Generic logics only. */
  op_local_storage_agent_get(key: string): unknown;
  op_local_storage_agent_put(entry: { key: string; value: StoredValue; timeout?: number }): void;
  op_local_storage_agent_delete(key: string): void;

  /** Resolves a configuration name to its id; fails when no such configuration exists. */
  op_http_agent_acquire(configurationName: string): string;
  op_http_agent_fetch(request: HttpAgentRequest): HttpAgentResponseHead;
  /** The next chunk of the body, or null at its end. */
  op_http_agent_body_read(bodyRid: number): Uint8Array | null;
  op_http_agent_body_close(bodyRid: number): void;

  op_file_storage_agent_acquire(configurationName: string): string;
  op_file_storage_agent_simple_get(target: FileStorageTarget): Uint8Array;
  op_file_storage_agent_simple_put(target: FileStorageTarget & { ensureDir: boolean }, data: Uint8Array): number;
  op_file_storage_agent_delete(target: FileStorageTarget): void;
  op_file_storage_agent_list(target: FileStorageTarget): FileStorageEntry[];
  op_file_storage_agent_create_dir_all(target: FileStorageTarget): void;

  op_logic_variable_get(name: string): string | null;
}

export type HostOpName = keyof HostOps;

/** Operations the SDK calls synchronously through `Deno.core.ops` (no await needed). */
export const SYNC_OPS = [
  "op_result_agent_set",
  "op_result_agent_set_http_status_code",
  "op_log",
  "op_logic_variable_get",
] as const;
