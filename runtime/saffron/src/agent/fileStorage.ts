export const FileStorageAgent = {
  async acquire(configurationName: string): Promise<FileStorageAgentClient> {
    const configurationId = await Deno.core.opAsync("op_file_storage_agent_acquire", configurationName);
    return new FileStorageAgentClient(configurationId);
  },
};

/** One file storage configuration (FTP, SMB or a local directory on LOC); paths are inside its root. */
export class FileStorageAgentClient {
  constructor(readonly configurationId: string) {}

  async simpleGet(path: string): Promise<Uint8Array> {
    return Deno.core.opAsync("op_file_storage_agent_simple_get", { configurationId: this.configurationId, path });
  }

  /** Resolves the number of bytes written; a string is written as UTF-8. */
  async simplePut(path: string, data: Uint8Array | string, options?: FileStorage.PutOptions): Promise<number> {
    const bytes = typeof data === "string" ? Deno.core.encode(data) : data;
    const target = { configurationId: this.configurationId, path, ensureDir: options?.ensureDir ?? false };
    return Deno.core.opAsync("op_file_storage_agent_simple_put", target, bytes);
  }

  async delete(path: string): Promise<void> {
    await Deno.core.opAsync("op_file_storage_agent_delete", { configurationId: this.configurationId, path });
  }

  async list(path: string): Promise<FileStorage.FileType[]> {
    return Deno.core.opAsync("op_file_storage_agent_list", { configurationId: this.configurationId, path });
  }

  async createDirAll(path: string): Promise<void> {
    await Deno.core.opAsync("op_file_storage_agent_create_dir_all", { configurationId: this.configurationId, path });
  }
}

export declare namespace FileStorage {
  interface FileType {
    type: "file" | "directory" | "symbolicLink";
    name: string;
  }

  interface PutOptions {
    ensureDir?: boolean;
  }
}
