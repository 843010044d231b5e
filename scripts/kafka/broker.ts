/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one JVM, 127.0.0.1 only)
 * run from the Maven Central jars in `.kafka/lib` with the machine's Java 17.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "./free-port";
import { installKafkaJars } from "./install-jars";
import { brokerProblem, readLogTail } from "./log-tail";
import { KAFKA_LOG4J_CONFIG } from "./paths";
import { kafkaAnswers } from "./probe";
import { stopProcess } from "./stop-process";
import { buildServerProperties, newClusterId } from "./server-properties";

export interface StartKafkaBrokerOptions {
  /** Client (PLAINTEXT) port; default a free port. */
  port?: number;
  /** Controller port; default a free port. */
  controllerPort?: number;
  /** The broker's own folder (config, log, data); default a new temp dir that `stop()` removes. */
  dataDir?: string;
  /** Keep running after this process exits (what `npm run kafka:start` wants). */
  detached?: boolean;
  /** How long to wait for the broker to answer a metadata request. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface KafkaBroker {
  /** `127.0.0.1:PORT`, ready for a client's bootstrap list. */
  brokers: string;
  port: number;
  controllerPort: number;
  pid: number;
  dataDir: string;
  logFile: string;
  /** From launching the JVM to the first answered metadata request. */
  startupMs: number;
  stop(): Promise<void>;
}

const JVM_OPTIONS = [
  "-Xmx512m",
  "-Xms64m",
  // One GC thread and the quick JIT tier: a dev broker on 2 cores starts faster and leaves CPU to tests.
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:+ExitOnOutOfMemoryError",
  "-Djava.awt.headless=true",
];

export async function startKafkaBroker(options: StartKafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const { detached = false, readyTimeoutMs = 90_000, log = () => {} } = options;
  const libDir = await installKafkaJars({ log });
  const port = options.port || (await freePort());
  const controllerPort = options.controllerPort || (await freePort());
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "kafka-broker-")));
  const logFile = join(dataDir, "broker.log");
  const propertiesFile = join(dataDir, "server.properties");
  const logDirs = join(dataDir, "kraft");
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  const classpath = ["-cp", join(libDir, "*"), `-Dlog4j.configuration=${pathToFileURL(KAFKA_LOG4J_CONFIG).href}`];

  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(propertiesFile, buildServerProperties({ port, controllerPort, dataDir: logDirs }));
    if (!existsSync(join(logDirs, "meta.properties"))) {
      const clusterId = newClusterId(() => randomBytes(16));
      await runToEnd(java, [...JVM_OPTIONS, ...classpath, "kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", clusterId, "-c", propertiesFile], logFile);
    }
  } catch (error) {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const started = Date.now();
  const logFd = openSync(logFile, "a");
  const child = spawn(java, [...JVM_OPTIONS, ...classpath, "kafka.Kafka", propertiesFile], { stdio: ["ignore", logFd, logFd], detached });
  closeSync(logFd);
  const brokers = `127.0.0.1:${port}`;
  log(`kafka broker starting on ${brokers} (pid ${child.pid}, log ${logFile})`);

  const stop = async (): Promise<void> => {
    // Data in a temp dir is thrown away, so there is nothing to shut down cleanly for.
    if (child.pid !== undefined) await stopProcess(child.pid, { graceMs: ownsDataDir ? 0 : 30_000 });
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilAnswering(child, brokers, logFile, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  if (detached) child.unref();
  const startupMs = Date.now() - started;
  log(`kafka broker ready on ${brokers} in ${(startupMs / 1000).toFixed(1)} s`);
  return { brokers, port, controllerPort, pid: child.pid!, dataDir, logFile, startupMs, stop };
}

/** Polls with a deadline: a broker announces readiness only in its log, which is no API to wait on. */
async function waitUntilAnswering(child: ChildProcess, brokers: string, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  child.once("exit", (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.once("error", (error) => {
    exit = error.message;
  });
  while (true) {
    if (exit !== undefined) throw await startupError(`the kafka broker exited during startup (${exit})`, logFile);
    if (await kafkaAnswers(brokers, 1_000)) return;
    if (Date.now() > deadline) throw await startupError(`the kafka broker did not answer on ${brokers} within ${timeoutMs / 1000} s`, logFile);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function runToEnd(command: string, args: string[], logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const logFd = openSync(logFile, "a");
    const child = spawn(command, args, { stdio: ["ignore", logFd, logFd] });
    closeSync(logFd);
    child.once("error", (error) => reject(new Error(`cannot run ${command} (is Java 17 installed?): ${error.message}`)));
    child.once("exit", (code) => {
      if (code === 0) return resolve();
      void startupError(`kafka storage format failed with exit code ${code}`, logFile).then(reject);
    });
  });
}

/** What failed, the log line that says why, and the log's last lines (the file may be a temp dir's, removed next). */
async function startupError(what: string, logFile: string): Promise<Error> {
  const tail = await readLogTail(logFile);
  const problem = brokerProblem(tail);
  return new Error(`${what}${problem ? `: ${problem}` : ""}\nlast lines of the broker log (${logFile}):\n${tail}`);
}
