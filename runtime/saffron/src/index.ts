/**
 * Saffron: the runtime LOC injects into every logic isolate as the global `Saffron` (the local
 * counterpart of `@fstnetwork/runtime` 0.10, built as a classic script by
 * runtime/isolate/saffron-script.ts). Loading a logic: evaluate Saffron, call `genericLogic()` or
 * `aggregatorLogic()`, evaluate the logic's classic script, `await Saffron.runtime.run()`.
 */
import type {} from "./deno-core";
import { LocRequest } from "./agent/http";
import { AggregatorContext, GenericContext } from "./context";
import { Runtime } from "./runtime";

export {
  type Database,
  DatabaseAgent,
  DatabaseClient,
  DatabaseClientId,
  type Event,
  EventAgent,
  type FileStorage,
  FileStorageAgent,
  FileStorageAgentClient,
  HttpAgent,
  HttpAgentClient,
  type IResultAgent,
  LocalStorageAgent,
  LoggingAgent,
  LogicVariable,
  Mail,
  MailAgent,
  MailAgentClient,
  ResultAgent,
  SessionStorageAgent,
} from "./agent";
export { AggregatorContext, GenericContext } from "./context";
export { Railway, RailwayError, type Task, type TaskKey } from "./primitive";
export type { ErrorHandler, Main, Runtime } from "./runtime";
export type { Pattern, PatternResult, Search, SearchResult, VersionedIdentityContext } from "./types/event";
export type {
  EventPayload,
  HttpPayload,
  MessagePayload,
  IdentityContextFor_Uuid as NonVersionedIdentityContext,
  Payload,
} from "./types/payload";

Object.assign(globalThis, { AggregatorContext, GenericContext });

// LOC's saffron_fetch extension replaces the web `Request` with one that keeps a bare path
// (see agent/http/request.ts); defined as the web globals are: writable, not enumerable.
Object.defineProperty(globalThis, "Request", { value: LocRequest, writable: true, enumerable: false, configurable: true });

// Reassigned by genericLogic() / aggregatorLogic(): a live binding, read as `Saffron.runtime`.
export let runtime: Runtime<AggregatorContext | GenericContext>;

export function genericLogic(): void {
  runtime = new Runtime(new GenericContext());
}

export function aggregatorLogic(): void {
  runtime = new Runtime(new AggregatorContext());
}
