import type { StoredValue } from "../host-ops";

async function put(key: string, value: StoredValue, timeout: number | undefined): Promise<void> {
  await Deno.core.opAsync("op_local_storage_agent_put", timeout === undefined ? { key, value } : { key, value, timeout });
}

/**
 * Storage kept across executions of the data process (generic logics only). `timeout` is in
 * seconds: LOC keeps a value 300 s unless told otherwise, at most 86,400 s.
 */
export const LocalStorageAgent = {
  // `any`: the real signature; the stored string, JSON value or bytes.
  async get(key: string): Promise<any | null> {
    return Deno.core.opAsync("op_local_storage_agent_get", key);
  },

  async putString(key: string, value: string, timeout?: number): Promise<void> {
    await put(key, { String: value }, timeout);
  },

  async putByteArray(key: string, value: Uint8Array | string, timeout?: number): Promise<void> {
    await put(key, { ByteArray: typeof value === "string" ? Deno.core.encode(value) : value }, timeout);
  },

  async putJson(key: string, value: object | number, timeout?: number): Promise<void> {
    await put(key, { Json: value }, timeout);
  },

  async delete(key: string): Promise<void> {
    await Deno.core.opAsync("op_local_storage_agent_delete", key);
  },

  async remove(key: string): Promise<void> {
    await this.delete(key);
  },
};
