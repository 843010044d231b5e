/**
 * Writes a file so that no reader ever sees it half-written: the bytes go to a temporary file in
 * the same directory (same file system, so the rename is atomic), which then replaces the target.
 *
 * A temporary file is named `.loc-tmp-<uuid>.part`, whatever it becomes: hidden, never with the
 * extension of an output (a watcher picking up `*.pdf` never sees a partial one), and in a
 * namespace no order file can take (order ids may not start with "."). Whoever kills a writer
 * leaves it behind; ./stale-temp-files removes it at the next start.
 */
import { randomUUID } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { createFileQuickly, isSmall } from "./small-files";

/** Temporary files start with this; listings hide them. */
export const TEMP_FILE_PREFIX = ".loc-tmp-";
const TEMP_FILE_SUFFIX = ".part";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** Ours, and the `.loc-tmp-<uuid>-<target's name>` earlier versions wrote (a kill may have left some). */
const TEMP_FILE_NAME = new RegExp(`^${TEMP_FILE_PREFIX.replace(".", "\\.")}${UUID}(?:\\.part|-.+)$`);

export function isTempFileName(name: string): boolean {
  return TEMP_FILE_NAME.test(name);
}

/** Names of the temporary files this process is writing now: a sweep never takes them for left over. */
const inFlight = new Set<string>();

export function isBeingWritten(tempFileName: string): boolean {
  return inFlight.has(tempFileName);
}

/**
 * Told about each temporary file before it is created and once it is gone (renamed or removed),
 * so that whoever can stop the writer mid-write can remove what the writer never got to.
 */
export interface TempFileWatcher {
  opened(path: string): void;
  done(path: string): void;
}

export interface AtomicWriteOptions {
  /** The new file's mode (before the umask); the default is 0o666, like `writeFile`. */
  mode?: number;
  tempFiles?: TempFileWatcher;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const name = `${TEMP_FILE_PREFIX}${randomUUID()}${TEMP_FILE_SUFFIX}`;
  const temp = join(dirname(target), name);
  inFlight.add(name);
  options.tempFiles?.opened(temp);
  try {
    // Durable before visible: a crash must not leave an empty file under the final name.
    if (isSmall(data)) {
      await createFileQuickly(temp, data, options.mode);
      await rename(temp, target);
      return;
    }
    const handle = await open(temp, "wx", options.mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    inFlight.delete(name);
    options.tempFiles?.done(temp);
  }
}

/** Removes temporary files a stopped writer left behind; any other path is left alone. */
export async function removeTempFiles(paths: Iterable<string>): Promise<void> {
  const temps = [...paths].filter((path) => isTempFileName(basename(path)));
  await Promise.all(temps.map((path) => rm(path, { force: true }).catch(() => undefined)));
}
