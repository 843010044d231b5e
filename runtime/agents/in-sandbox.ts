/**
 * Agents whose operations are answered inside each task's sandbox worker instead of by the host:
 * those moving bulk bytes, which must not be copied from thread to thread. The host hands the
 * worker each one's setup (structured-cloneable: it crosses to the worker once, at its start).
 */
import type { FileStorageConfig } from "../config/schema";
import type { TempFileWatcher } from "../stores/atomic-write";
import type { OpTable } from "./agent";
import { fileStorageOps } from "./file-storage";

export type InSandboxSetup = { agent: "fileStorage"; storages: Record<string, FileStorageConfig> };

/**
 * The operations the worker answers itself, built from the setups the host sent. `tempFiles`
 * hears of every temporary file they write, for the host to remove those a termination cut short.
 */
export function inSandboxOps(setups: readonly InSandboxSetup[], tempFiles: TempFileWatcher): OpTable {
  const ops: OpTable = {};
  for (const setup of setups) {
    switch (setup.agent) {
      case "fileStorage":
        Object.assign(ops, fileStorageOps(setup.storages, tempFiles));
    }
  }
  return ops;
}
