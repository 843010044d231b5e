export { startKafkaTrigger, type KafkaTrigger, type KafkaTriggerOptions } from "./trigger";
export { buildMessageQueuePayload, buildTriggerMetadata } from "./message-queue-payload";
export { buildReply, type ExecutionReply } from "./reply";
export { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from "./backoff";
