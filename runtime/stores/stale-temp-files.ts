/**
 * Removes temporary files of atomic writes that no process will ever finish: left by a runtime
 * killed mid-write (a task that ends mid-write has its writes settled first, see
 * ../agents/file-storage). Run at start, over the state directory and the file storage roots.
 *
 * Only when this runtime is alone with the state directory (./state-lock): then every temporary
 * file there, of any age, is a dead writer's — except this process's own writes in flight, since
 * executions may already run while the sweep walks a large tree. With another runtime alive,
 * nothing is removed: any temporary file may be its write in progress. (A storage root is taken
 * to belong to the runtimes of one state directory.)
 */
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { isBeingWritten, isTempFileName, removeTempFiles } from "./atomic-write";
import type { StateDirLock } from "./state-lock";

/** Temporary files under `dir` (its real subdirectories too, never through a symbolic link). */
async function tempFilesUnder(dir: string, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // Missing (not created yet) or unreadable: nothing of ours to clean there.
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await tempFilesUnder(path, found);
    else if (entry.isFile() && isTempFileName(entry.name)) found.push(path);
  }
}

export type SweepOutcome = { kind: "swept"; removed: string[] } | { kind: "skipped"; holders: string[] };

/**
 * Removes the temporary files under `dirs` when `lock`'s holder is the only runtime alive on the
 * state directory. A runtime starting meanwhile takes its lock before it writes anything, so it
 * is either seen by the second look (nothing is removed) or its files came after the listing.
 */
export async function removeStaleTempFiles(dirs: readonly string[], lock: Pick<StateDirLock, "otherHolders">): Promise<SweepOutcome> {
  const before = await lock.otherHolders();
  if (before.length > 0) return { kind: "skipped", holders: before };
  const found: string[] = [];
  for (const dir of dirs) await tempFilesUnder(dir, found);
  if (found.length === 0) return { kind: "swept", removed: [] };
  const after = await lock.otherHolders();
  if (after.length > 0) return { kind: "skipped", holders: after };
  const stale = found.filter((path) => !isBeingWritten(basename(path)));
  await removeTempFiles(stale);
  return { kind: "swept", removed: stale };
}
