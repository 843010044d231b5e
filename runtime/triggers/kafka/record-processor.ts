import type { Executor } from "../../contract";
import type { TriggerLog } from "../api-route/trigger-log";
import type { BackoffPolicy } from "./backoff";
import type { ConsumerSession, KafkaMessage } from "./consumer-session";
import { buildMessageQueuePayload, buildTriggerMetadata } from "./message-queue-payload";
import { buildReply } from "./reply";
import type { ReplyPublisher } from "./reply-publisher";
import { retryUntilDone } from "./retry";
import type { SubscriptionSettings } from "./settings";

export interface RecordProcessorContext {
  executor: Executor;
  subscription: SubscriptionSettings;
  replies: ReplyPublisher | undefined;
  log: TriggerLog;
  backoff: BackoffPolicy;
  /** Aborted: stop retrying, and publish or commit nothing more (a shutdown past its grace, a crash). */
  signal: AbortSignal;
}

/** Commit failures are not retried for long: the next record's commit covers this one too. */
const COMMIT_ATTEMPTS = 3;

export type RecordOutcome = "processed" | "abandoned";

/**
 * One record, at least once: run the execution, publish its result to the reply topic (keyed like
 * the record), and only then commit the record's offset. Whatever stops this before the commit
 * (a crash, a shutdown, a lost broker) leaves the offset where it was, so the record comes again.
 * Any code the data process answers (a 400 for a bad record too) is a result like any other.
 */
export async function processRecord(message: KafkaMessage, session: ConsumerSession, context: RecordProcessorContext): Promise<RecordOutcome> {
  const { executor, subscription, replies, log, backoff, signal } = context;
  const where = { topic: message.topic, partition: message.partition, offset: Number(message.offset), groupId: subscription.groupId };
  const record = { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, value: message.value };
  const started = Date.now();

  const execution = await retryUntilDone(
    () =>
      executor.execute({
        dataProcesses: subscription.dataProcesses,
        payload: buildMessageQueuePayload(record, subscription),
        triggerType: "MessageQueue",
        triggerMetadata: buildTriggerMetadata(record, subscription.groupId),
      }),
    { backoff, signal, log, failure: { msg: "kafka record: the execution could not run", ...where } },
  );
  if (!execution.ok || signal.aborted) return "abandoned";
  const { executionId, status } = execution.value;

  if (replies) {
    const published = await retryUntilDone(() => replies.publish(message.key, buildReply(execution.value)), {
      backoff,
      signal,
      log,
      failure: { msg: "kafka record: publishing the result failed", ...where, replyTopic: subscription.replyTopic, executionId },
    });
    if (!published.ok || signal.aborted) return "abandoned";
  }

  if (!session.isAssigned(message.partition)) {
    // The group gave the partition to another member meanwhile; it resumes from the last commit.
    log({ level: "warn", msg: "kafka record: partition reassigned before the commit; another member will see it again", ...where, executionId });
    return "processed";
  }
  await retryUntilDone(() => session.commit(message), {
    backoff,
    signal,
    log,
    maxAttempts: COMMIT_ATTEMPTS,
    failure: { msg: "kafka record: committing the offset failed", ...where, executionId },
  });
  log({ level: "info", msg: "kafka record processed", ...where, executionId, status, ms: Date.now() - started });
  return "processed";
}
