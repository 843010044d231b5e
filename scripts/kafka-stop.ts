/**
 * `npm run kafka:stop`: stops the broker `kafka:start` left running (by its pid file) and returns
 * once the process is gone. Saying so is enough when none runs.
 */
import { KAFKA_PID_FILE } from "./kafka/paths";
import { isBrokerProcess, readPidFile, removePidFile } from "./kafka/pid-file";
import { exitOnHelp } from "./kafka/help";
import { stopProcess } from "./kafka/stop-process";

const USAGE = `
Usage: npm run kafka:stop

Stops the broker npm run kafka:start left running (found by its pid file) and returns once it is
gone; says so when none runs. Takes no options; --help only prints this.

Example:
  npm run kafka:stop
`;

async function main(): Promise<number> {
  exitOnHelp(USAGE);
  const recorded = await readPidFile();
  if (!recorded) {
    console.log(`no kafka broker started by kafka:start (no ${KAFKA_PID_FILE})`);
    return 0;
  }
  if (!(await isBrokerProcess(recorded.pid))) {
    await removePidFile();
    console.log(`kafka broker pid ${recorded.pid} was not running any more; removed the stale pid file`);
    return 0;
  }
  const started = Date.now();
  await stopProcess(recorded.pid, { graceMs: 30_000 });
  await removePidFile();
  console.log(`kafka broker on ${recorded.brokers} (pid ${recorded.pid}) stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`kafka:stop failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
