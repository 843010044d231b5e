import { inject } from "vitest";
import { startKafkaBroker, type KafkaBroker } from "../../../scripts/kafka/broker";

let ownBroker: KafkaBroker | undefined;

/**
 * The test run's broker (from the global setup); when a run has no global setup (a single file run
 * on its own), a broker of this file's own, stopped by `stopOwnBroker` in `afterAll`.
 */
export async function testBrokers(): Promise<string> {
  const provided = inject("kafkaBrokers") ?? process.env.KAFKA_TEST_BROKERS;
  if (provided) return provided;
  ownBroker ??= await startKafkaBroker();
  return ownBroker.brokers;
}

export async function stopOwnBroker(): Promise<void> {
  await ownBroker?.stop();
  ownBroker = undefined;
}
