/**
 * `tsx scripts/kafka-install.ts`: fetches the dev broker's jars (Apache Kafka from Maven Central)
 * into `.kafka/lib` with Maven; does nothing when they are already there.
 */
import { installKafkaJars } from "./kafka/install-jars";

installKafkaJars({ log: (line) => console.log(line) }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`kafka jars: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
