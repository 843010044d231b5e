import type { KafkaSubscriptionConfig } from "../../config/schema";
import { parseBrokerList } from "./broker-list";

/**
 * Records of one partition running at once when neither the subscription nor the trigger says: a
 * partition's records are one LOC execution each, so a few side by side keep the executor busy
 * (its own slots bound what really runs) without holding many records uncommitted.
 */
export const DEFAULT_MAX_IN_FLIGHT_PER_PARTITION = 8;

export type KafkaSubscriptionInput = KafkaSubscriptionConfig;

/** A subscription as the trigger runs it: the config entry with its broker list parsed. */
export interface SubscriptionSettings {
  /** `triggers.kafka[i]`, to name the subscription in errors. */
  where: string;
  brokers: string[];
  topic: string;
  groupId: string;
  dataProcesses: string[];
  replyTopic: string | undefined;
  enabled: boolean | "auto";
  /** Records of one partition running at once (different keys; one key's records run in order). */
  maxInFlightPerPartition: number;
}

export function toSubscriptionSettings(config: KafkaSubscriptionInput, index: number, defaultMaxInFlight = DEFAULT_MAX_IN_FLIGHT_PER_PARTITION): SubscriptionSettings {
  const where = `triggers.kafka[${index}]`;
  const maxInFlightPerPartition = config.maxInFlightPerPartition ?? defaultMaxInFlight;
  if (!Number.isInteger(maxInFlightPerPartition) || maxInFlightPerPartition < 1) {
    throw new Error(`${where}.maxInFlightPerPartition: expected a whole number of at least 1, got ${maxInFlightPerPartition}`);
  }
  return {
    where,
    brokers: parseBrokerList(config.brokers, where),
    topic: config.topic,
    groupId: config.groupId,
    dataProcesses: config.dataProcesses,
    replyTopic: config.replyTopic,
    enabled: config.enabled,
    maxInFlightPerPartition,
  };
}
