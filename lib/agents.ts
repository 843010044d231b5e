/**
 * The LOC agents the order logics use, as small interfaces: the entry files hand in the SDK's
 * agents (see ./loc-agents), tests hand in fakes.
 */
import type { KeyValueStore } from "./grafx/token-cache";
import type { HttpClient } from "./http/client";
import type { RetryClock } from "./http/retry";
import type { Logger } from "./log";
import type { FileStore } from "./orders/file-store";
import type { SessionStore } from "./session/state";
import type { VariableSource } from "./settings";

/** Agent configuration names, as set up in LOC (and in loc.config.json locally). */
export const HTTP_AGENT_API = "grafx-api";
export const HTTP_AGENT_AUTH = "grafx-auth";
/** Optional: a download host other than the API's (GRAFX_DOWNLOAD_BASE_URL mirrors its base URL). */
export const HTTP_AGENT_DOWNLOAD = "grafx-download";
export const FILE_STORAGE_ORDERS = "orders";

/** The top-level key of this data process's task result. */
export const RESULT_KEY = "grafx_order_handling";

export interface ResultSink {
  finalize(value: object): ResultSink;
  httpStatusCode(code: number): ResultSink;
}

export interface Agents {
  session: SessionStore;
  /** LocalStorage: generic logics only. */
  local: KeyValueStore;
  log: Logger;
  variable: VariableSource;
  http(configurationName: string): Promise<HttpClient>;
  files(configurationName: string): Promise<FileStore>;
  clock: RetryClock;
}

/** What a logic sees of its task (a subset of the SDK's context). */
export interface TaskContext {
  task: { taskKey: { executionId: string; taskId: string } };
  payload(): Promise<unknown>;
}
