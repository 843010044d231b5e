import type { KafkaSubscriptionConfig } from "../../config/schema";
import { parseBrokerList } from "./broker-list";

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
}

export function toSubscriptionSettings(config: KafkaSubscriptionConfig, index: number): SubscriptionSettings {
  const where = `triggers.kafka[${index}]`;
  return {
    where,
    brokers: parseBrokerList(config.brokers, where),
    topic: config.topic,
    groupId: config.groupId,
    dataProcesses: config.dataProcesses,
    replyTopic: config.replyTopic,
    enabled: config.enabled,
  };
}
