/**
 * Files that may hold secrets (local storage values, where the GraFx token cache lives, and
 * execution records) are readable by their owner only, in directories only the owner can enter.
 */
import { chmod, mkdir } from "node:fs/promises";

export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `dir` (and missing parents) owner-only; a `dir` that already existed, made by an older
 * runtime with the default mode, is tightened too.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE).catch((error: NodeJS.ErrnoException) => {
    // Another user's directory we may still write in: its mode is theirs to choose.
    if (error.code !== "EPERM") throw error;
  });
}
