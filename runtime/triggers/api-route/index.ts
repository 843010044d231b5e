export { startApiRouteServer, type ApiRouteServer, type ApiRouteServerOptions } from "./server";
export { EXECUTIONS_PATH_PREFIX } from "./route-table";
export type { Envelope, EnvelopeMetadata } from "./responses";
export type { TriggerLog, TriggerLogEvent } from "./trigger-log";
