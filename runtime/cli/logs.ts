/**
 * `loc-local logs <execution-id> [-f]`: a stored execution's log entries, one readable line each on
 * a terminal, one JSON object per line when piped. `-f` follows an execution another process is
 * running: it polls the store file and prints entries as they appear, ending once it is finished.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { ExecutionRecord, LogEntry } from "../contract";
import { ExecutionStore, isExecutionId } from "../stores/execution-store";
import { stateDirOf } from "./state-dir";
import { logLine } from "./output";
import { printLine } from "./terminal-text";
import { InputError, UsageError } from "./usage";

/** How often `-f` reads the store file: quick enough to feel live, rare enough to cost nothing. */
export const FOLLOW_INTERVAL_MS = 250;

/** A record stored while its execution runs (a runtime storing progress) has no `finishedAt` yet. */
function isFinished(record: ExecutionRecord): boolean {
  return Boolean(record.finishedAt);
}

function printEntry(entry: LogEntry, executionId: string, readable: boolean): void {
  const withId = { ...entry, executionId: entry.executionId ?? executionId };
  printLine("stdout", readable ? logLine(withId) : JSON.stringify(withId));
}

export async function logsCommand(args: string[], signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      "state-dir": { type: "string" },
      follow: { type: "boolean", short: "f" },
    },
  });
  const [executionId, ...extra] = positionals;
  if (!executionId) throw new UsageError("logs: which execution? (loc-local logs <execution-id>)");
  if (extra.length > 0) throw new UsageError(`logs: unexpected argument "${extra[0]}"`);
  if (!isExecutionId(executionId)) throw new UsageError(`logs: "${executionId}" is not an execution id (a UUID)`);
  const stateDir = await stateDirOf(values.config, values["state-dir"]);
  const store = new ExecutionStore(stateDir);
  const readable = Boolean(process.stdout.isTTY);

  if (!values.follow) {
    const record = await store.get(executionId);
    if (!record) throw new InputError(`logs: no execution ${executionId} in ${stateDir}`);
    for (const entry of record.logs) printEntry(entry, record.executionId, readable);
    return 0;
  }

  let printed = 0;
  let announced = false;
  for (;;) {
    // A file caught mid-rename or unreadable for a moment is simply read again on the next poll.
    const record = await store.get(executionId).catch(() => undefined);
    if (record) {
      for (const entry of record.logs.slice(printed)) printEntry(entry, record.executionId, readable);
      printed = Math.max(printed, record.logs.length);
      if (isFinished(record)) {
        printLine("stderr", `logs: execution ${executionId} finished (status ${record.status}, ${record.durationMs} ms)`);
        return 0;
      }
    } else if (!announced) {
      announced = true;
      printLine("stderr", `logs: waiting for execution ${executionId} in ${stateDir} (Ctrl-C to stop)`);
    }
    try {
      await sleep(FOLLOW_INTERVAL_MS, undefined, { signal });
    } catch {
      return 130;
    }
  }
}
