/**
 * Execution records on disk: `<stateDir>/executions/<id>.json`, one file per execution, written
 * atomically, readable by id after a restart, by the owner only (./private-files); beside each,
 * `<id>.input.json`, what started it (./stored-input), written when it starts.
 */
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ExecutionRecord, TriggerType } from "../contract";
import { writeFileAtomic } from "./atomic-write";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "./private-files";
import type { StoredInput } from "./stored-input";

const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INPUT_SUFFIX = ".input.json";

export function isExecutionId(text: string): boolean {
  return EXECUTION_ID.test(text);
}

/** What `list` keeps; every field optional. */
export interface ExecutionFilter {
  dataProcess?: string;
  triggerType?: TriggerType;
  status?: number;
  /** At most this many records (default 20, capped at MAX_LIST). */
  limit?: number;
  /** Any further condition (e.g. the status word the console filters on). */
  where?: (record: ExecutionRecord) => boolean;
}

/** A list reads at most this many records: the store may hold months of schedule executions. */
export const MAX_LIST = 1000;
const DEFAULT_LIST = 20;

/** How many saves between two prunes: a schedule storing one execution a minute prunes about hourly. */
const PRUNE_EVERY_SAVES = 64;
/**
 * A prune looks at every stored file, so however fast executions come (a Kafka topic: dozens a
 * second, a week of them kept) there is at most one per this interval.
 */
export const PRUNE_INTERVAL_MS = 10 * 60_000;

export class ExecutionStore {
  readonly dir: string;
  private savesSincePrune = 0;
  /** Wall-clock ms of the last prune (the one at start included); 0 before any. */
  private lastPruneAt = 0;
  private dirReady: Promise<void> | undefined;

  constructor(
    stateDir: string,
    private readonly retentionMs = Infinity,
  ) {
    this.dir = join(stateDir, "executions");
  }

  async save(record: ExecutionRecord): Promise<void> {
    await this.write(this.fileOf(record.executionId), `${JSON.stringify(record, null, 2)}\n`);
    if (++this.savesSincePrune >= PRUNE_EVERY_SAVES && Date.now() - this.lastPruneAt >= PRUNE_INTERVAL_MS) {
      this.savesSincePrune = 0;
      await this.prune();
    }
  }

  async saveInput(input: StoredInput): Promise<void> {
    await this.write(join(this.dir, `${input.executionId.toLowerCase()}${INPUT_SUFFIX}`), `${JSON.stringify(input)}\n`);
  }

  /** The directory is made (owner-only) once per store, not per write; made again if it was removed meanwhile. */
  private async write(file: string, text: string): Promise<void> {
    await (this.dirReady ??= ensurePrivateDir(this.dir).catch((error: unknown) => {
      this.dirReady = undefined;
      throw error;
    }));
    try {
      await writeFileAtomic(file, text, { mode: PRIVATE_FILE_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      this.dirReady = undefined;
      await ensurePrivateDir(this.dir);
      await writeFileAtomic(file, text, { mode: PRIVATE_FILE_MODE });
    }
  }

  /** What started the execution, or undefined when it was not kept (an execution from before inputs were kept). */
  async getInput(executionId: string): Promise<StoredInput | undefined> {
    if (!isExecutionId(executionId)) return undefined;
    try {
      return JSON.parse(await readFile(join(this.dir, `${executionId.toLowerCase()}${INPUT_SUFFIX}`), "utf8")) as StoredInput;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** Removes records (and inputs) last written before the retention period; returns how many records. Never fails a save. */
  async prune(): Promise<number> {
    if (!Number.isFinite(this.retentionMs)) return 0;
    // Wall-clock time, like the files' mtimes (never a test's injected clock).
    this.lastPruneAt = Date.now();
    const cutoff = this.lastPruneAt - this.retentionMs;
    let removed = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const isInput = name.endsWith(INPUT_SUFFIX) && isExecutionId(name.slice(0, -INPUT_SUFFIX.length));
      if (!isInput && !(name.endsWith(".json") && isExecutionId(name.slice(0, -".json".length)))) continue;
      const file = join(this.dir, name);
      const written = await stat(file).then((info) => info.mtimeMs, () => Infinity);
      if (written < cutoff && (await rm(file, { force: true }).then(() => true, () => false)) && !isInput) removed++;
    }
    return removed;
  }

  /** The record, or undefined when there is none (or the id is not an execution id). */
  async get(executionId: string): Promise<ExecutionRecord | undefined> {
    if (!isExecutionId(executionId)) return undefined;
    try {
      return JSON.parse(await readFile(this.fileOf(executionId), "utf8")) as ExecutionRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /**
   * Stored executions, newest triggered first, matching the filter. A record is written when its
   * execution finishes, after it was triggered: files are read newest written first, and reading
   * stops once the next file was written before the oldest kept record was triggered — a large
   * store costs one directory read, stats, and about `limit` reads.
   */
  async list(filter: ExecutionFilter = {}): Promise<ExecutionRecord[]> {
    const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIST), MAX_LIST);
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter(
      (name) => name.endsWith(".json") && isExecutionId(name.slice(0, -".json".length)),
    );
    const files = await Promise.all(
      names.map(async (name) => ({ name, written: await stat(join(this.dir, name)).then((info) => info.mtimeMs, () => -1) })),
    );
    files.sort((a, b) => b.written - a.written);
    let found: ExecutionRecord[] = [];
    for (const { name, written } of files) {
      if (written < 0) continue;
      if (found.length >= limit && written < Date.parse(found[limit - 1]!.triggeredAt)) break;
      const record = await this.get(name.slice(0, -".json".length)).catch(() => undefined);
      if (!record || !matches(record, filter)) continue;
      found.push(record);
      found.sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt));
      found = found.slice(0, limit);
    }
    return found;
  }

  private fileOf(executionId: string): string {
    return join(this.dir, `${executionId.toLowerCase()}.json`);
  }
}

function matches(record: ExecutionRecord, filter: ExecutionFilter): boolean {
  if (filter.triggerType !== undefined && record.triggerType !== filter.triggerType) return false;
  if (filter.status !== undefined && record.status !== filter.status) return false;
  if (filter.dataProcess !== undefined && !record.tasks.some((task) => task.dataProcess === filter.dataProcess)) return false;
  return filter.where?.(record) ?? true;
}
