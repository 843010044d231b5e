/**
 * `@fstnetwork/loc-logic-sdk` (0.10) stand-in: the same public API as the real SDK, every agent a
 * thin object over a LOC host operation (see ./host/ops).
 */
export type {} from "./host/deno";

export { AggregatorContext, GenericContext, __createContext } from "./context/context";
export { Railway } from "./primitive/railway";
export { RailwayError } from "./primitive/railwayError";
export { AggregatorLogic, GenericLogic, Logic, LOGIC_CLASS, isLogicClass } from "./logic/logic";
export type { LogicClass } from "./logic/logic";
export { __runLogic } from "./logic/runLogic";
export type { LogicModule } from "./logic/runLogic";

export { ResultAgent } from "./agent/result";
export type { ResultAgentApi } from "./agent/result";
export { LoggingAgent } from "./agent/logging";
export { SessionStorageAgent } from "./agent/sessionStorage";
export { LocalStorageAgent } from "./agent/localStorage";
export type { StoredData } from "./agent/storedValue";
export { HttpAgent, HttpAgentClient } from "./agent/http";
export { FileStorageAgent, FileStorageAgentClient } from "./agent/fileStorage";
export type { FileStoragePutOptions } from "./agent/fileStorage";
export { LogicVariable } from "./agent/logicVariable";

export type {
  EventPayload,
  HttpPayload,
  HttpRequest,
  IdentityContext,
  KafkaSubscriber,
  MessagePayload,
  MessagePayload as MessageQueuePayload,
  Payload,
} from "./types/payload";
export type { TaskInfo, TaskInfo as Task, TaskKey, VersionedIdentity } from "./types/task";
export type { FileStorageEntry, LogLevel } from "./host/ops";
