import type {} from "../host/deno";
import type { StoredValue } from "../host/ops";
import { toBytes, type StoredData } from "./storedValue";

async function put(key: string, value: StoredValue, timeoutSeconds: number | undefined): Promise<void> {
  await Deno.core.opAsync(
    "op_local_storage_agent_put",
    timeoutSeconds === undefined ? { key, value } : { key, value, timeout: timeoutSeconds },
  );
}

/** Generic logics only. Persists across executions of the data process until its timeout. */
export const LocalStorageAgent = {
  async get(key: string): Promise<StoredData> {
    return (await Deno.core.opAsync("op_local_storage_agent_get", key)) as StoredData;
  },

  async putJson(key: string, value: unknown, timeoutSeconds?: number): Promise<void> {
    await put(key, { Json: value }, timeoutSeconds);
  },

  async putString(key: string, value: string, timeoutSeconds?: number): Promise<void> {
    await put(key, { String: value }, timeoutSeconds);
  },

  async putByteArray(key: string, value: Uint8Array | string, timeoutSeconds?: number): Promise<void> {
    await put(key, { ByteArray: toBytes(value) }, timeoutSeconds);
  },

  async delete(key: string): Promise<void> {
    await Deno.core.opAsync("op_local_storage_agent_delete", key);
  },

  async remove(key: string): Promise<void> {
    await LocalStorageAgent.delete(key);
  },
};
