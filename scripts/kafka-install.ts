/**
 * `tsx scripts/kafka-install.ts`: fetches the dev broker's jars (Apache Kafka from Maven Central)
 * into `.kafka/lib` with Maven; does nothing when they are already there.
 */
import { exitOnHelp } from "./kafka/help";
import { installKafkaJars } from "./kafka/install-jars";

exitOnHelp(`
Usage: npm run kafka:install

Fetches the dev broker's jars (Apache Kafka from Maven Central, with Maven) into .kafka/lib;
does nothing when they are already there. Takes no options; --help only prints this.

Example:
  npm run kafka:install && npm run kafka:start
`);

installKafkaJars({ log: (line) => console.log(line) }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`kafka jars: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
