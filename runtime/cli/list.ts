/**
 * `loc-local list`: stored executions, newest first. A table on a terminal; one JSON object per
 * line when stdout is piped, for jq and scripts.
 */
import { parseArgs } from "node:util";
import { TRIGGER_TYPES, type ExecutionRecord, type TriggerType } from "../contract";
import { ExecutionStore, MAX_LIST } from "../stores/execution-store";
import { stateDirOf } from "./state-dir";
import { printLine } from "./terminal-text";
import { UsageError } from "./usage";


function integerOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`list: --${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** One execution as the JSON line printed when piped. */
export function listEntry(record: ExecutionRecord) {
  const { executionId, triggerType, triggeredAt, finishedAt, durationMs, status, timedOut } = record;
  return { executionId, triggeredAt, finishedAt, triggerType, dataProcesses: record.tasks.map((task) => task.dataProcess), status, timedOut, durationMs };
}

/** The rows as aligned columns under a header. */
export function listTable(records: readonly ExecutionRecord[]): string[] {
  const rows = records.map((record) => [
    record.executionId,
    record.triggeredAt,
    record.triggerType,
    record.tasks.map((task) => task.dataProcess).join(",") || "-",
    `${record.status}${record.timedOut ? " (timed out)" : ""}`,
    `${record.durationMs} ms`,
  ]);
  const header = ["EXECUTION", "TRIGGERED", "TRIGGER", "DATA PROCESSES", "STATUS", "DURATION"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd());
}

export async function listCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      config: { type: "string", short: "c" },
      "state-dir": { type: "string" },
      "data-process": { type: "string" },
      trigger: { type: "string" },
      status: { type: "string" },
      limit: { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`list: unexpected argument "${positionals[0]}"`);
  const trigger = values.trigger;
  if (trigger !== undefined && !TRIGGER_TYPES.includes(trigger as TriggerType)) {
    throw new UsageError(`list: --trigger must be one of ${TRIGGER_TYPES.join(", ")}`);
  }
  const store = new ExecutionStore(await stateDirOf(values.config, values["state-dir"]));
  const records = await store.list({
    dataProcess: values["data-process"],
    triggerType: trigger as TriggerType | undefined,
    status: integerOption("status", values.status, 100, 599),
    limit: integerOption("limit", values.limit, 1, MAX_LIST),
  });
  if (process.stdout.isTTY) {
    if (records.length === 0) printLine("stdout", `no executions in ${store.dir}`);
    else for (const line of listTable(records)) printLine("stdout", line);
  } else {
    for (const record of records) printLine("stdout", JSON.stringify(listEntry(record)));
  }
  return 0;
}
