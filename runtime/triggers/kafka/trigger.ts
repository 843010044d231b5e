import type { Executor } from "../../contract";
import type { TriggerLog } from "../api-route/trigger-log";
import { DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import { DEFAULT_MAX_IN_FLIGHT_PER_PARTITION, toSubscriptionSettings, type KafkaSubscriptionInput } from "./settings";
import { runSubscription, type RunningSubscription } from "./subscription";

export interface KafkaTriggerOptions {
  log: TriggerLog;
  /** Waits between reconnects and between retries of a failed publish or execution. */
  backoff?: BackoffPolicy;
  /** Consumer group session timeout: how soon a crashed member's partitions move to another. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How long one fetch waits on the broker for new records. */
  maxWaitTimeMs?: number;
  /** Per subscription: past this many records queued or running, fetching pauses. */
  maxQueuedRecords?: number;
  /**
   * Records of one partition running at once, for subscriptions that do not set
   * `maxInFlightPerPartition` themselves (default 8). Records with the same key always run one
   * after another; 1 runs a partition's records strictly in order.
   */
  maxInFlightPerPartition?: number;
  /** How long `stop()` lets running executions finish (publish, commit) before leaving anyway. */
  stopGraceMs?: number;
  clientId?: string;
}

export interface KafkaTrigger {
  /**
   * Resolves once every enabled subscription consumes; one with `enabled: "auto"` whose broker did not
   * answer at the first attempt counts as ready too (it keeps retrying in the background). Never rejects.
   */
  ready: Promise<void>;
  /** Takes no new record, lets running ones finish within the grace, leaves the groups. */
  stop(): Promise<void>;
  /** Leaves at once, as a crash would: running executions publish and commit nothing, so their records come again. */
  abort(): Promise<void>;
}

/**
 * LOC's message-queue trigger on Kafka: each record of a subscribed topic becomes one execution of
 * the subscription's data processes with a `messageQueue` payload; its result goes to the reply
 * topic (when configured) keyed like the record, and only then is the record's offset committed
 * (at least once) — a partition's offset is committed up to its first record not yet processed.
 * Records of a partition run side by side up to `maxInFlightPerPartition`, records with the same key
 * (and records without a key) one after another in offset order; partitions run side by side. Fails
 * at once, naming the subscription, on an unknown data process or a malformed broker list.
 */
export function startKafkaTrigger(executor: Executor, subscriptions: KafkaSubscriptionInput[], options: KafkaTriggerOptions): KafkaTrigger {
  const { log, stopGraceMs = 10_000 } = options;
  const settings = subscriptions.map((subscription, index) =>
    toSubscriptionSettings(subscription, index, options.maxInFlightPerPartition ?? DEFAULT_MAX_IN_FLIGHT_PER_PARTITION),
  );
  for (const subscription of settings) {
    const missing = subscription.dataProcesses.filter((name) => !executor.hasDataProcess(name));
    if (missing.length > 0) throw new Error(`${subscription.where} (topic ${subscription.topic}): no data process named ${missing.join(", ")}`);
  }

  const running: RunningSubscription[] = [];
  for (const subscription of settings) {
    if (subscription.enabled === false) {
      log({ level: "info", msg: "kafka subscription disabled", topic: subscription.topic, groupId: subscription.groupId });
      continue;
    }
    running.push(
      runSubscription(executor, subscription, {
        log,
        backoff: options.backoff ?? DEFAULT_BACKOFF,
        maxQueuedRecords: options.maxQueuedRecords ?? 100,
        session: {
          clientId: options.clientId ?? "loc-local",
          sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
          heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1_000,
          maxWaitTimeMs: options.maxWaitTimeMs ?? 1_000,
        },
      }),
    );
  }

  return {
    ready: Promise.all(running.map((subscription) => subscription.ready)).then(() => {}),
    async stop() {
      await Promise.all(running.map((subscription) => subscription.stop(stopGraceMs)));
    },
    async abort() {
      await Promise.all(running.map((subscription) => subscription.abort()));
    },
  };
}
