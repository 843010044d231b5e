import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the dev/test broker keeps its jars, data, log and pid file (git-ignored). */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const KAFKA_HOME = join(REPO_ROOT, ".kafka");
export const KAFKA_LIB_DIR = join(KAFKA_HOME, "lib");
export const KAFKA_DATA_DIR = join(KAFKA_HOME, "data");
export const KAFKA_PID_FILE = join(KAFKA_HOME, "broker.json");
export const KAFKA_POM = fileURLToPath(new URL("pom.xml", import.meta.url));
export const KAFKA_LOG4J_CONFIG = fileURLToPath(new URL("log4j.properties", import.meta.url));

/** The Kafka client port `npm run kafka:start` uses unless told otherwise. */
export const DEFAULT_KAFKA_PORT = 9092;
