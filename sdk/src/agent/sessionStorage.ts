import type {} from "../host/deno";
import { toBytes, type StoredData } from "./storedValue";

/** Shared by all logics of one execution; gone after it. */
export const SessionStorageAgent = {
  async get(key: string): Promise<StoredData> {
    return (await Deno.core.opAsync("op_session_storage_agent_get", key)) as StoredData;
  },

  async putJson(key: string, value: unknown): Promise<void> {
    await Deno.core.opAsync("op_session_storage_agent_put", { key, value: { Json: value } });
  },

  async putString(key: string, value: string): Promise<void> {
    await Deno.core.opAsync("op_session_storage_agent_put", { key, value: { String: value } });
  },

  async putByteArray(key: string, value: Uint8Array | string): Promise<void> {
    await Deno.core.opAsync("op_session_storage_agent_put", { key, value: { ByteArray: toBytes(value) } });
  },

  async delete(key: string): Promise<void> {
    await Deno.core.opAsync("op_session_storage_agent_delete", key);
  },

  async remove(key: string): Promise<void> {
    await SessionStorageAgent.delete(key);
  },
};
