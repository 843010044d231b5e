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

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(target), `${TEMP_FILE_PREFIX}${randomUUID()}-${basename(target).slice(0, 64)}`);
  try {
    const handle = await open(temp, "wx");
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
  }
}
