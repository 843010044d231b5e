/**
 * vitest globalSetup: one real Kafka broker (single-node KRaft on 127.0.0.1, a free port, a temp data
 * dir) for the whole test run. Tests read its address with `inject("kafkaBrokers")` (or the env var
 * KAFKA_TEST_BROKERS, for child processes); it is stopped and its data removed in teardown.
 * KAFKA_BROKERS is left alone, so tests that load the default config do not subscribe by accident.
 */
import type { TestProject } from "vitest/node";
import { startKafkaBroker } from "../../scripts/kafka/broker";

declare module "vitest" {
  export interface ProvidedContext {
    /** `127.0.0.1:PORT` of the test run's broker. */
    kafkaBrokers: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const broker = await startKafkaBroker({ log: (line) => console.log(`[kafka] ${line}`) });
  project.provide("kafkaBrokers", broker.brokers);
  process.env.KAFKA_TEST_BROKERS = broker.brokers;
  return async () => {
    await broker.stop();
  };
}
