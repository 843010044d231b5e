/**
 * Removes temporary files of atomic writes that no process will ever finish: left by a runtime
 * that was killed mid-write (a task that ends mid-write has its writes settled first, see
 * ../agents/file-storage). Run at start, over the state directory and the file storage roots.
 *
 * Why only files older than an hour: several runtime processes may share these directories (a
 * CLI `execute` while `serve` runs), and a temporary file may be another one's write in
 * progress. Each write is one buffer written straight through, fsynced and renamed, so a live
 * one's file is seconds old; one unchanged for an hour has no writer left.
 */
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { isTempFileName, removeTempFiles } from "./atomic-write";

export const STALE_TEMP_FILE_AGE_MS = 60 * 60 * 1000;

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

/** Removes the temporary files under `dirs` last modified before `now - STALE_TEMP_FILE_AGE_MS`. */
export async function removeStaleTempFiles(dirs: readonly string[], now = Date.now()): Promise<void> {
  const found: string[] = [];
  for (const dir of dirs) await tempFilesUnder(dir, found);
  const stale: string[] = [];
  for (const path of found) {
    const stats = await lstat(path).catch(() => undefined);
    if (stats && stats.mtimeMs < now - STALE_TEMP_FILE_AGE_MS) stale.push(path);
  }
  await removeTempFiles(stale);
}
