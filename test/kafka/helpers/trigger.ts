import { onTestFinished } from "vitest";
import { kafkaSubscriptionSchema, type KafkaSubscriptionConfig } from "../../../runtime/config/schema";
import type { Executor } from "../../../runtime/contract";
import { startKafkaTrigger, type KafkaTrigger, type KafkaTriggerOptions } from "../../../runtime/triggers/kafka";
import { LogRecorder } from "../../triggers/helpers/log-recorder";

/** A subscription as written in the config file (defaults filled in by the config schema). */
export function subscription(input: Partial<KafkaSubscriptionConfig> & Pick<KafkaSubscriptionConfig, "brokers" | "topic" | "groupId">): KafkaSubscriptionConfig {
  return kafkaSubscriptionSchema.parse({ dataProcesses: ["orders"], enabled: true, ...input });
}

/** Fast reconnects and a short group session, so tests do not wait on production-sized timeouts. */
export const TEST_TRIGGER_OPTIONS: Omit<KafkaTriggerOptions, "log"> = {
  backoff: { initialMs: 100, maxMs: 1_000, factor: 2 },
  sessionTimeoutMs: 3_000,
  heartbeatIntervalMs: 500,
  maxWaitTimeMs: 200,
  stopGraceMs: 2_000,
};

/** The Kafka trigger over `executor`, stopped when the test ends. */
export function startTestTrigger(
  executor: Executor,
  subscriptions: KafkaSubscriptionConfig[],
  options: Partial<KafkaTriggerOptions> = {},
): { trigger: KafkaTrigger; logs: LogRecorder } {
  const logs = new LogRecorder();
  const trigger = startKafkaTrigger(executor, subscriptions, { ...TEST_TRIGGER_OPTIONS, log: logs.log, ...options });
  onTestFinished(() => trigger.stop());
  return { trigger, logs };
}
