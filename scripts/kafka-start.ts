/**
 * `npm run kafka:start [-- --port 9092] [--controller-port N] [--data-dir DIR]`: starts the dev Kafka
 * broker (single-node KRaft on 127.0.0.1, data in `.kafka/data`) in the background and returns once
 * it answers a metadata request. Running it again while the broker runs only says so.
 * `KAFKA_PORT` sets the default port.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { startKafkaBroker } from "./kafka/broker";
import { freePort, portInUse } from "./kafka/free-port";
import { DEFAULT_KAFKA_PORT, KAFKA_DATA_DIR } from "./kafka/paths";
import { isBrokerProcess, readPidFile, removePidFile, writePidFile } from "./kafka/pid-file";
import { exitOnHelp } from "./kafka/help";
import { kafkaAnswers } from "./kafka/probe";

const USAGE = `
Usage: npm run kafka:start [-- --port 9092] [--controller-port N] [--data-dir DIR]

Starts the dev Kafka broker (single-node KRaft on 127.0.0.1, data in .kafka/data) in the
background and returns once it answers; says so when it already runs. KAFKA_PORT sets the
default port. Stop it with npm run kafka:stop.

Example:
  npm run kafka:start -- --port 19092 && KAFKA_BROKERS=127.0.0.1:19092 npm start
`;

function portOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}: expected a port number 1-65535, got "${value}"`);
  return port;
}

async function main(): Promise<number> {
  exitOnHelp(USAGE);
  const { values } = parseArgs({ options: { port: { type: "string" }, "controller-port": { type: "string" }, "data-dir": { type: "string" } } });
  const port = portOption(values.port, "--port", portOption(process.env.KAFKA_PORT, "KAFKA_PORT", DEFAULT_KAFKA_PORT));
  const brokers = `127.0.0.1:${port}`;

  const recorded = await readPidFile();
  if (recorded && (await isBrokerProcess(recorded.pid))) {
    if (await kafkaAnswers(recorded.brokers)) {
      console.log(`kafka broker already running on ${recorded.brokers} (pid ${recorded.pid}, log ${recorded.logFile})`);
      return 0;
    }
    console.error(`kafka broker pid ${recorded.pid} is alive but does not answer on ${recorded.brokers}; see ${recorded.logFile}, or run npm run kafka:stop`);
    return 1;
  }
  if (recorded) await removePidFile();

  if (await portInUse(port)) {
    if (await kafkaAnswers(brokers)) {
      console.log(`a kafka broker (not started by kafka:start) already answers on ${brokers}; nothing to do`);
      return 0;
    }
    console.error(`port ${port} on 127.0.0.1 is taken by something that is not a kafka broker; choose another with --port`);
    return 1;
  }
  const wantedControllerPort = portOption(values["controller-port"], "--controller-port", port + 1);
  const controllerPort = (await portInUse(wantedControllerPort)) && values["controller-port"] === undefined ? await freePort() : wantedControllerPort;

  const broker = await startKafkaBroker({
    port,
    controllerPort,
    dataDir: resolve(values["data-dir"] ?? KAFKA_DATA_DIR),
    detached: true,
    log: (line) => console.log(line),
  });
  await writePidFile({
    pid: broker.pid,
    brokers: broker.brokers,
    port: broker.port,
    controllerPort: broker.controllerPort,
    dataDir: broker.dataDir,
    logFile: broker.logFile,
    startedAt: new Date().toISOString(),
  });
  console.log(`stop it with: npm run kafka:stop; point the runtime at it with KAFKA_BROKERS=${broker.brokers}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`kafka:start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
