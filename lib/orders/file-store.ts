/** The slice of a FileStorageAgent client (`FileStorageAgent.acquire("orders")`) the orders use. */
export interface FileStoreEntry {
  type: "file" | "directory" | "symbolicLink";
  name: string;
}

export interface FileStore {
  simpleGet(path: string): Promise<Uint8Array>;
  simplePut(path: string, data: Uint8Array | string, options?: { ensureDir?: boolean }): Promise<number>;
  delete(path: string): Promise<void>;
  list(path: string): Promise<FileStoreEntry[]>;
  createDirAll(path: string): Promise<void>;
}
