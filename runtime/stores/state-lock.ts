/**
 * Which runtimes use a state directory, so that one starting can tell whether it is alone with it
 * (only then may it take the temporary files there for left over: ./stale-temp-files). Several
 * runtimes may share one on purpose (a CLI `execute` while `serve` runs), so each holds it with a
 * lock file of its own, `<stateDir>/locks/<pid>-<uuid>.lock`, created exclusively and removed
 * when it closes. A lock whose process is gone (killed, crashed, the machine restarted) is stale:
 * the next runtime to look removes it, taking the directory over.
 *
 * The holder's process id is in the file's name, so a lock is never read half-written. A process
 * id in use again by an unrelated process keeps a stale lock alive: the cost is a sweep skipped
 * until that process ends, never a file removed under a live writer.
 */
import { randomUUID } from "node:crypto";
import { open, readdir, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "./private-files";

const LOCK_DIR = "locks";
const LOCK_NAME = /^([1-9]\d*)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.lock$/;

export interface StateDirLock {
  /** This runtime's lock file. */
  readonly path: string;
  /** The lock files of the other runtimes alive now; stale ones are removed on the way. */
  otherHolders(): Promise<string[]>;
  /** Removes this runtime's lock; the next start may find itself alone. */
  release(): Promise<void>;
}

/** Whether process `pid` is running (ours is; EPERM: another user's, but running). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes this runtime's lock on `stateDir` (creating the directory, owner-only, if needed). */
export async function lockStateDir(stateDir: string): Promise<StateDirLock> {
  const dir = join(stateDir, LOCK_DIR);
  await ensurePrivateDir(dir);
  const name = `${process.pid}-${randomUUID()}.lock`;
  const path = join(dir, name);
  // "wx": created here or not at all. The content is for a person looking; the name is what counts.
  const file = await open(path, "wx", PRIVATE_FILE_MODE);
  try {
    await file.writeFile(`${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`);
  } finally {
    await file.close();
  }
  let released = false;
  return {
    path,
    async otherHolders() {
      const holders: string[] = [];
      for (const entry of await readdir(dir).catch(() => [] as string[])) {
        const pid = LOCK_NAME.exec(entry)?.[1];
        if (pid === undefined || entry === name) continue;
        if (isProcessAlive(Number(pid))) holders.push(join(dir, entry));
        else await unlink(join(dir, entry)).catch(() => undefined);
      }
      return holders;
    },
    async release() {
      if (released) return;
      released = true;
      await unlink(path).catch(() => undefined);
    },
  };
}
