/**
 * The Kafka broker the bench's Kafka figure runs against: the one given with `--kafka-brokers`
 * (left running), or else a real single-node broker of its own, started with the project's
 * scripts/kafka module (as the tests' global setup does: temp data dir, free ports) and stopped,
 * its data removed, when the bench ends. When the broker's jars are not installed, the bench does
 * not fetch them (that takes Maven and minutes): it says how, and the Kafka figure is left out.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { kafkaAnswers, startKafkaBroker } from "../kafka";
import { KAFKA_LIB_DIR, KAFKA_POM } from "../kafka/paths";
import { forget, remember } from "./leftover-processes";

/** The stamp install-jars writes beside the jars: the sha256 of the pom that filled the folder. */
const POM_STAMP = ".pom-sha256";

export type BrokerAcquired =
  | { kind: "ready"; brokers: string; started: boolean; startupMs: number | null; release(): Promise<void> }
  | { kind: "unavailable"; why: string };

/** Whether scripts/kafka would start a broker without fetching anything first. */
async function jarsInstalled(): Promise<boolean> {
  try {
    const [pom, stamp, files] = await Promise.all([readFile(KAFKA_POM), readFile(join(KAFKA_LIB_DIR, POM_STAMP), "utf8"), readdir(KAFKA_LIB_DIR)]);
    return stamp.trim() === createHash("sha256").update(pom).digest("hex") && files.some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
  } catch {
    return false;
  }
}

export async function acquireBroker({ configured, log }: { configured: string | undefined; log: (line: string) => void }): Promise<BrokerAcquired> {
  if (configured) {
    if (!(await kafkaAnswers(configured, 5_000))) return { kind: "unavailable", why: `no Kafka broker answers on ${configured} (--kafka-brokers)` };
    return { kind: "ready", brokers: configured, started: false, startupMs: null, release: async () => undefined };
  }
  if (!(await jarsInstalled())) {
    return {
      kind: "unavailable",
      why: `the Kafka broker's jars are not installed in ${KAFKA_LIB_DIR}: run \`npm run kafka:install\` (Maven and Java 17), or pass --kafka-brokers HOST:PORT`,
    };
  }
  const broker = await startKafkaBroker({ log: (line) => log(line) });
  remember(broker.pid, "java", "kafka broker");
  return {
    kind: "ready",
    brokers: broker.brokers,
    started: true,
    startupMs: broker.startupMs,
    async release() {
      await broker.stop();
      forget(broker.pid);
    },
  };
}
