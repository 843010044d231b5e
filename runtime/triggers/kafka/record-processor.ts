import type { TriggerLog } from "../api-route/trigger-log";
import type { BackoffPolicy } from "./backoff";
import type { KafkaMessage } from "./consumer-session";
import type { ExecutionPacer } from "./execution-pacer";
import { buildMessageQueuePayload, buildTriggerMetadata } from "./message-queue-payload";
import { buildReply } from "./reply";
import type { ReplyPublisher } from "./reply-publisher";
import { retryUntilDone } from "./retry";
import type { SubscriptionSettings } from "./settings";

export interface RecordProcessorContext {
  /** Starts the executions, pacing them when the executor is full. */
  pacer: ExecutionPacer;
  subscription: SubscriptionSettings;
  replies: ReplyPublisher | undefined;
  log: TriggerLog;
  backoff: BackoffPolicy;
  /** Aborted: stop retrying, and publish nothing more (a shutdown past its grace, a crash). */
  signal: AbortSignal;
}

export type RecordOutcome = "processed" | "abandoned";

/**
 * One record, at least once: run the execution, then publish its result to the reply topic (keyed
 * like the record). Only a processed record may be committed — the caller commits, once every
 * record before it in the partition is processed too — so whatever stops this first (a crash, a
 * shutdown, a lost broker) leaves the record to come again. Any code the data process answers (a
 * 400 for a bad record too) is a result like any other.
 */
export async function processRecord(message: KafkaMessage, context: RecordProcessorContext): Promise<RecordOutcome> {
  const { pacer, subscription, replies, log, backoff, signal } = context;
  const where = { topic: message.topic, partition: message.partition, offset: Number(message.offset), groupId: subscription.groupId };
  const record = { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, value: message.value };
  const started = Date.now();

  const execution = await retryUntilDone(
    async () => {
      const running = await pacer.start(
        {
          dataProcesses: subscription.dataProcesses,
          payload: buildMessageQueuePayload(record, subscription),
          triggerType: "MessageQueue",
          triggerMetadata: buildTriggerMetadata(record, subscription.groupId),
        },
        signal,
      );
      return running ? await running.done : undefined;
    },
    { backoff, signal, log, failure: { msg: "kafka record: the execution could not run", ...where } },
  );
  if (!execution.ok || execution.value === undefined || signal.aborted) return "abandoned";
  const { executionId, status } = execution.value;

  if (replies) {
    const published = await retryUntilDone(() => replies.publish(message.key, buildReply(execution.value!)), {
      backoff,
      signal,
      log,
      failure: { msg: "kafka record: publishing the result failed", ...where, replyTopic: subscription.replyTopic, executionId },
    });
    if (!published.ok || signal.aborted) return "abandoned";
  }
  log({ level: "info", msg: "kafka record processed", ...where, executionId, status, ms: Date.now() - started });
  return "processed";
}
