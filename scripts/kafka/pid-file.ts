import { readFile, rm, writeFile } from "node:fs/promises";
import { z } from "zod";
import { KAFKA_PID_FILE } from "./paths";
import { isAlive } from "./stop-process";

/** What `kafka:start` records about the broker it left running, for `kafka:stop` and a second start. */
export const runningBrokerSchema = z.object({
  pid: z.number().int().positive(),
  brokers: z.string(),
  port: z.number().int(),
  controllerPort: z.number().int(),
  dataDir: z.string(),
  logFile: z.string(),
  startedAt: z.string(),
});
export type RunningBroker = z.infer<typeof runningBrokerSchema>;

export async function writePidFile(broker: RunningBroker, file = KAFKA_PID_FILE): Promise<void> {
  await writeFile(file, `${JSON.stringify(broker, null, 2)}\n`);
}

/** The recorded broker, or undefined when there is no (valid) pid file. */
export async function readPidFile(file = KAFKA_PID_FILE): Promise<RunningBroker | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    return runningBrokerSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export async function removePidFile(file = KAFKA_PID_FILE): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Whether the recorded pid is still our broker, not a process that reused the pid (checked through
 * /proc where it exists).
 */
export async function isBrokerProcess(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8");
    return commandLine.includes("kafka.Kafka");
  } catch {
    return true;
  }
}
