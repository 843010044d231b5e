/**
 * Writes a file so that no reader ever sees it half-written: the bytes go to a temporary file in
 * the same directory (same file system, so the rename is atomic), which then replaces the target.
 */
import { randomUUID } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Temporary files start with this; listings hide them. */
export const TEMP_FILE_PREFIX = ".loc-tmp-";

export function isTempFileName(name: string): boolean {
  return name.startsWith(TEMP_FILE_PREFIX);
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
  const temp = join(dirname(target), `${TEMP_FILE_PREFIX}${randomUUID()}-${basename(target).slice(0, 64)}`);
  options.tempFiles?.opened(temp);
  try {
    const handle = await open(temp, "wx", options.mode);
    try {
      await handle.writeFile(data);
      // Durable before visible: a crash must not leave an empty file under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    options.tempFiles?.done(temp);
  }
}

/** Removes temporary files a stopped writer left behind; any other path is left alone. */
export async function removeTempFiles(paths: Iterable<string>): Promise<void> {
  const temps = [...paths].filter((path) => isTempFileName(basename(path)));
  await Promise.all(temps.map((path) => rm(path, { force: true }).catch(() => undefined)));
}
