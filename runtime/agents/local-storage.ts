/**
 * LocalStorageAgent: per data process, kept on disk under `<stateDir>/local-storage/<data process>/`
 * across executions and restarts; one file per key (named by the key's hash, so any key is a safe
 * file name), written atomically. As on LOC, a value expires: after the timeout given with it
 * (seconds, at most 86,400), else after 300 s; then the key reads as absent.
 * Owner-only files and directories (../stores/private-files): values may be tokens.
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { StoredValue } from "../saffron/src/host-ops";
import { writeFileAtomic } from "../stores/atomic-write";
import { readFileQuickly } from "../stores/small-files";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../stores/private-files";
import { HostOpError, parseArg, type AgentFactory } from "./agent";
import { plainValueOf, storedValueSchema } from "./stored-value";

const entryOnDisk = z.object({
  key: z.string(),
  /** Epoch milliseconds; null only in entries an older runtime wrote without a timeout. */
  expiresAt: z.number().nullable(),
  value: z.union([
    z.object({ String: z.string() }).strict(),
    z.object({ Json: z.unknown() }).strict(),
    z.object({ ByteArrayBase64: z.string() }).strict(),
  ]),
});
type EntryOnDisk = z.infer<typeof entryOnDisk>;

function toDisk(value: StoredValue): EntryOnDisk["value"] {
  if ("ByteArray" in value) return { ByteArrayBase64: Buffer.from(value.ByteArray).toString("base64") };
  return value;
}

function fromDisk(value: EntryOnDisk["value"]): unknown {
  if ("ByteArrayBase64" in value) return new Uint8Array(Buffer.from(value.ByteArrayBase64, "base64"));
  return plainValueOf(value);
}

/** LOC's expiry of a value put without a timeout. */
export const DEFAULT_TIMEOUT_SECONDS = 300;
/** LOC's longest timeout: one day. */
export const MAX_TIMEOUT_SECONDS = 86_400;

/**
 * A timeout LOC would not keep is refused, not clamped: a logic asking for two days and silently
 * getting one would find its value gone with no sign why; the error at the put names the limit.
 */
function checkedTimeout(key: string, timeoutSeconds: number | null | undefined): number {
  if (timeoutSeconds === undefined || timeoutSeconds === null) return DEFAULT_TIMEOUT_SECONDS;
  if (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS) return timeoutSeconds;
  throw new HostOpError(
    "RangeError",
    `local storage "${key}": timeout ${String(timeoutSeconds)} s is out of range; LOC keeps a value more than 0 and at most ${MAX_TIMEOUT_SECONDS} seconds (default ${DEFAULT_TIMEOUT_SECONDS})`,
  );
}

export class LocalStore {
  readonly dir: string;

  constructor(
    stateDir: string,
    dataProcess: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(stateDir, "local-storage", dataProcess);
  }

  async get(key: string): Promise<unknown> {
    let text: string;
    try {
      text = new TextDecoder().decode(await readFileQuickly(this.fileOf(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const parsed = entryOnDisk.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.key !== key) {
      throw new HostOpError("InvalidData", `local storage entry "${key}" is unreadable; delete it and put it again`);
    }
    if (parsed.data.expiresAt !== null && parsed.data.expiresAt <= this.now()) {
      await rm(this.fileOf(key), { force: true });
      return null;
    }
    return fromDisk(parsed.data.value);
  }

  /**
   * The key reads as absent once `timeoutSeconds` have passed (300 when not given); a timeout
   * that is not more than 0 and at most 86,400 is refused with a RangeError.
   */
  async put(key: string, value: StoredValue, timeoutSeconds?: number | null): Promise<void> {
    const expiresAt = this.now() + checkedTimeout(key, timeoutSeconds) * 1000;
    await ensurePrivateDir(this.dir);
    const entry: EntryOnDisk = { key, expiresAt, value: toDisk(value) };
    await writeFileAtomic(this.fileOf(key), JSON.stringify(entry), { mode: PRIVATE_FILE_MODE });
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  private fileOf(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  }
}

const key = z.string();
const putEntry = z.object({
  key,
  value: storedValueSchema,
  // Checked against LOC's range by LocalStore.put, which names the limit.
  timeout: z.number().nullish(),
});

export const localStorageAgent: AgentFactory = ({ stateDir, now }) => {
  const stores = new Map<string, LocalStore>();
  const storeOf = (dataProcess: string) => {
    let store = stores.get(dataProcess);
    if (!store) stores.set(dataProcess, (store = new LocalStore(stateDir, dataProcess, now)));
    return store;
  };
  return {
    attach: (task) => {
      const store = storeOf(task.dataProcess);
      return {
        ops: {
          op_local_storage_agent_get: (_caller, name) => store.get(parseArg("op_local_storage_agent_get", key, name)),
          op_local_storage_agent_put: async (_caller, entry) => {
            const { key: name, value, timeout } = parseArg("op_local_storage_agent_put", putEntry, entry);
            await store.put(name, value as StoredValue, timeout);
          },
          op_local_storage_agent_delete: (_caller, name) => store.delete(parseArg("op_local_storage_agent_delete", key, name)),
        },
      };
    },
  };
};
