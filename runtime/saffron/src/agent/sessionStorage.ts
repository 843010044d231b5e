import type { StoredValue } from "../host-ops";

function put(key: string, value: StoredValue): Promise<boolean> {
  return Deno.core.opAsync("op_session_storage_agent_put", { key, value });
}

/** Storage shared by the logics of one task, gone when the task ends. */
export const SessionStorageAgent = {
  async get(key: string): Promise<string | number | object | Uint8Array | null> {
    return (await Deno.core.opAsync("op_session_storage_agent_get", key)) as string | number | object | Uint8Array | null;
  },

  // `any`: the real signature; any JSON value is accepted.
  async putJson(key: string, value: any): Promise<boolean> {
    return put(key, { Json: value });
  },

  async putString(key: string, value: string): Promise<boolean> {
    return put(key, { String: value });
  },

  async putByteArray(key: string, value: Uint8Array | string): Promise<boolean> {
    return put(key, { ByteArray: typeof value === "string" ? Deno.core.encode(value) : value });
  },

  async delete(key: string): Promise<void> {
    await Deno.core.opAsync("op_session_storage_agent_delete", key);
  },

  async remove(key: string): Promise<void> {
    await this.delete(key);
  },
};
