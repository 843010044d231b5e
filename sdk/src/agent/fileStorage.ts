import type {} from "../host/deno";
import type { FileStorageEntry } from "../host/ops";
import { toBytes } from "./storedValue";

export interface FileStoragePutOptions {
  /** Create the missing parent directories first. */
  ensureDir?: boolean;
}

export class FileStorageAgentClient {
  constructor(readonly configurationId: string) {}

  async simpleGet(path: string): Promise<Uint8Array> {
    return Deno.core.opAsync("op_file_storage_agent_simple_get", { configurationId: this.configurationId, path });
  }

  /** Resolves the number of bytes written. */
  async simplePut(path: string, data: Uint8Array | string, options?: FileStoragePutOptions): Promise<number> {
    return Deno.core.opAsync(
      "op_file_storage_agent_simple_put",
      { configurationId: this.configurationId, path, ensureDir: options?.ensureDir ?? false },
      toBytes(data),
    );
  }

  async delete(path: string): Promise<void> {
    await Deno.core.opAsync("op_file_storage_agent_delete", { configurationId: this.configurationId, path });
  }

  async list(path: string): Promise<FileStorageEntry[]> {
    return Deno.core.opAsync("op_file_storage_agent_list", { configurationId: this.configurationId, path });
  }

  async createDirAll(path: string): Promise<void> {
    await Deno.core.opAsync("op_file_storage_agent_create_dir_all", { configurationId: this.configurationId, path });
  }
}

export const FileStorageAgent = {
  /** Fails when LOC has no file storage configuration of that name. */
  async acquire(configurationName: string): Promise<FileStorageAgentClient> {
    return new FileStorageAgentClient(await Deno.core.opAsync("op_file_storage_agent_acquire", configurationName));
  },
};
