/**
 * Execution records on disk: `<stateDir>/executions/<id>.json`, one file per execution, written
 * atomically, readable by id after a restart, by the owner only (./private-files).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExecutionRecord } from "../contract";
import { writeFileAtomic } from "./atomic-write";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "./private-files";

const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isExecutionId(text: string): boolean {
  return EXECUTION_ID.test(text);
}

export class ExecutionStore {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, "executions");
  }

  async save(record: ExecutionRecord): Promise<void> {
    await ensurePrivateDir(this.dir);
    await writeFileAtomic(this.fileOf(record.executionId), `${JSON.stringify(record, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
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

  private fileOf(executionId: string): string {
    return join(this.dir, `${executionId.toLowerCase()}.json`);
  }
}
