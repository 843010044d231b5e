/**
 * FileStorageAgent on the local file system: each configuration name maps to a root directory.
 * Every path is inside the root: a leading `/` means the root (`/test_dir/a.txt` is
 * `<root>/test_dir/a.txt`, as LOC's own tests write them); `..` escaping it, drive letters, NUL
 * and symbolic links leading out of it are refused. Writes are atomic (temporary file + rename),
 * so readers never see a half-written file, and a task's writes are settled before the task's
 * end is reported, so none is left behind half-done.
 */
import { lstatSync, realpathSync, statSync } from "node:fs";
import { mkdir, readdir, realpath, rm, unlink } from "node:fs/promises";
import { dirname, join, posix, relative, isAbsolute } from "node:path";
import { types } from "node:util";
import { z } from "zod";
import { ByteStreamError, isIncomingBytes, type IncomingBytes } from "../isolate/byte-stream";
import type { FileStorageEntry } from "../saffron/src/host-ops";
import { isTempFileName, writeFileAtomic } from "../stores/atomic-write";
import { readFileQuickly } from "../stores/small-files";
import { HostOpError, parseArg, type AgentFactory, type OpHandler, type OpTable } from "./agent";

/** Built once: a zod schema costs far more to build than to check. */
const NAME_ARG = z.string();

/** The path relative to the root (`""` for the root itself), or a refusal. Pure. */
export function confinedPath(storage: string, path: string): string {
  const refuse = (why: string) => new HostOpError("PermissionDenied", `file storage "${storage}" refuses path "${path}": ${why}`);
  if (path.includes("\0")) throw refuse("it contains a NUL character");
  const slashed = path.replaceAll("\\", "/");
  if (/^[A-Za-z]:/.test(slashed)) throw refuse("drive letters are not allowed, use a path inside the storage root");
  // A leading `/` is the storage root, not the host's: `/a/b` and `a/b` are the same file.
  const inRoot = slashed.replace(/^\/+/, "");
  const normalized = posix.normalize(inRoot === "" ? "." : inRoot);
  if (normalized === ".." || normalized.startsWith("../")) throw refuse("it escapes the storage root");
  return normalized === "." || normalized === "./" ? "" : normalized.replace(/\/+$/, "");
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === "" || (!path.startsWith("..") && !isAbsolute(path));
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function errnoError(storage: string, path: string, error: unknown): Error {
  if (error instanceof HostOpError) return error;
  // The bytes stopped coming from the logic's isolate (it was stopped, its array was detached).
  if (error instanceof ByteStreamError) return new HostOpError(error.name, `file storage "${storage}": "${path}" was not written: ${error.message}`);
  const code = (error as NodeJS.ErrnoException).code;
  const at = `file storage "${storage}": "${path}"`;
  switch (code) {
    case "ENOENT":
      return new HostOpError("NotFound", `${at} not found`);
    case "ENOTDIR":
      return new HostOpError("NotADirectory", `${at}: a part of the path is not a directory`);
    case "EISDIR":
      return new HostOpError("IsADirectory", `${at} is a directory`);
    case "EEXIST":
      return new HostOpError("AlreadyExists", `${at} already exists`);
    case "EACCES":
    case "EPERM":
      return new HostOpError("PermissionDenied", `${at}: permission denied`);
    default:
      return new HostOpError("Error", `${at}: ${code ?? "failed"}`);
  }
}

/** One configured storage: its root, and every path checked against it. */
export class FileStorageRoot {
  private realRoot?: Promise<string>;

  constructor(
    readonly name: string,
    private readonly root: string,
  ) {}

  async simpleGet(path: string): Promise<Uint8Array> {
    return this.guard(path, async (full) => {
      // Nothing there (the deepest existing part of the path is above it): no need to try reading.
      if (!(await this.assertInside(full, path))) throw Object.assign(new Error("not found"), { code: "ENOENT" });
      return readFileQuickly(full);
    });
  }

  /**
   * Writes `data` itself, not a copy of it: bytes the logic changes before the returned promise
   * settles may or may not reach the file (as with LOC's operations, which take the logic's buffer).
   * Streamed bytes (a large array from a logic's isolate, ../isolate/byte-stream) go to the
   * temporary file chunk by chunk as they arrive, never gathered whole in Node; the file appears
   * under its name only once every byte was written, and not at all if they stop coming.
   */
  async simplePut(path: string, data: Uint8Array | IncomingBytes, ensureDir: boolean): Promise<number> {
    return this.guard(path, async (full, relativePath) => {
      if (relativePath === "") throw new HostOpError("IsADirectory", `file storage "${this.name}": "${path}" is the storage root`);
      const parent = dirname(full);
      // true: the parent itself exists (resolved inside the root); a file there fails the open below.
      const parentExists = await this.assertInside(parent, path);
      if (ensureDir) {
        if (!parentExists) {
          await mkdir(parent, { recursive: true });
          await this.assertInside(parent, path);
        }
      } else if (!isDirectory(parent)) {
        throw new HostOpError(
          "NotFound",
          `file storage "${this.name}": the directory of "${path}" does not exist (pass { ensureDir: true } to create it)`,
        );
      }
      await writeFileAtomic(full, isIncomingBytes(data) ? asWritable(data) : data);
      return data.byteLength;
    });
  }

  async delete(path: string): Promise<void> {
    await this.guard(path, async (full, relativePath) => {
      if (relativePath === "") throw new HostOpError("PermissionDenied", `file storage "${this.name}" refuses to delete its root`);
      await this.assertInside(dirname(full), path);
      // lstat: a symbolic link is removed itself, never what it points to.
      if (lstatSync(full).isDirectory()) await rm(full, { recursive: true });
      else await unlink(full);
    });
  }

  async list(path: string): Promise<FileStorageEntry[]> {
    return this.guard(path, async (full) => {
      await this.assertInside(full, path);
      const entries = await readdir(full, { withFileTypes: true });
      return entries
        .filter((entry) => !isTempFileName(entry.name))
        .map((entry): FileStorageEntry => ({
          type: entry.isSymbolicLink() ? "symbolicLink" : entry.isDirectory() ? "directory" : "file",
          name: entry.name,
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  async createDirAll(path: string): Promise<void> {
    await this.guard(path, async (full) => {
      await this.assertInside(full, path);
      await mkdir(full, { recursive: true });
      await this.assertInside(full, path);
    });
  }

  private async guard<T>(path: string, action: (full: string, relativePath: string) => Promise<T>): Promise<T> {
    const relativePath = confinedPath(this.name, path);
    try {
      return await action(join(await this.rootPath(), relativePath), relativePath);
    } catch (error) {
      throw errnoError(this.name, path, error);
    }
  }

  private rootPath(): Promise<string> {
    this.realRoot ??= mkdir(this.root, { recursive: true }).then(() => realpath(this.root));
    return this.realRoot;
  }

  /**
   * The deepest existing part of `full`, symbolic links resolved, must be inside the root. True
   * when that is `full` itself (it exists). Resolved on this thread (../stores/small-files says why).
   */
  private async assertInside(full: string, path: string): Promise<boolean> {
    const root = await this.rootPath();
    for (let current = full; ; current = dirname(current)) {
      try {
        if (isInside(root, realpathSync.native(current))) return current === full;
        throw new HostOpError(
          "PermissionDenied",
          `file storage "${this.name}" refuses path "${path}": a symbolic link leads outside the storage root`,
        );
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(current) === current) throw error;
      }
    }
  }
}

/**
 * writeFileAtomic hands its data to FileHandle.writeFile, which takes an (async) iterable of
 * chunks as well as whole bytes (Node ≥ 15.14), awaiting each chunk's write before asking for the
 * next: the streamed bytes go through the same atomic write (temporary file registered as being
 * written, fsync, rename, removed on failure) as whole ones. Its signature names whole bytes only.
 */
function asWritable(stream: IncomingBytes): Uint8Array {
  return stream as unknown as Uint8Array;
}

const target = z.object({ configurationId: z.string(), path: z.string() });
const putTarget = target.extend({ ensureDir: z.boolean().default(false) });
// Bytes may arrive as a view over a larger buffer: `types` also knows a Uint8Array of another realm.
// A large array from a logic's isolate arrives as a stream of its chunks.
const bytes = z.custom<Uint8Array | IncomingBytes>((value) => types.isUint8Array(value) || isIncomingBytes(value), "expected a Uint8Array");

/**
 * One task's operations over the configured storages. Each running operation is tracked, so that
 * `settle` (at the task's end) waits for writes in flight: a task that timed out mid-write leaves
 * a whole file or none, never a temporary one. Once settled, new operations are refused.
 */
function taskFileStorage(storages: ReadonlyMap<string, FileStorageRoot>): { ops: OpTable; settle(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  let ended = false;
  const storageOf = (configurationId: string) => {
    const storage = storages.get(configurationId);
    if (storage) return storage;
    const known = [...storages.keys()].join(", ") || "none";
    throw new HostOpError("NotFound", `no file storage configuration named "${configurationId}" (configured: ${known})`);
  };
  const tracked =
    (handler: OpHandler): OpHandler =>
    (caller, ...args) => {
      if (ended) throw new HostOpError("Interrupted", "the task has ended: file storage is closed");
      const result = handler(caller, ...args);
      if (!(result instanceof Promise)) return result;
      running.add(result);
      const forget = () => running.delete(result);
      result.then(forget, forget);
      return result;
    };
  const ops: OpTable = {
    op_file_storage_agent_acquire: (_caller, name) => storageOf(parseArg("op_file_storage_agent_acquire", NAME_ARG, name)).name,
    op_file_storage_agent_simple_get: (_caller, arg) => {
      const { configurationId, path } = parseArg("op_file_storage_agent_simple_get", target, arg);
      return storageOf(configurationId).simpleGet(path);
    },
    op_file_storage_agent_simple_put: (_caller, arg, data) => {
      const { configurationId, path, ensureDir } = parseArg("op_file_storage_agent_simple_put", putTarget, arg);
      return storageOf(configurationId).simplePut(path, parseArg("op_file_storage_agent_simple_put", bytes, data), ensureDir);
    },
    op_file_storage_agent_delete: (_caller, arg) => {
      const { configurationId, path } = parseArg("op_file_storage_agent_delete", target, arg);
      return storageOf(configurationId).delete(path);
    },
    op_file_storage_agent_list: (_caller, arg) => {
      const { configurationId, path } = parseArg("op_file_storage_agent_list", target, arg);
      return storageOf(configurationId).list(path);
    },
    op_file_storage_agent_create_dir_all: (_caller, arg) => {
      const { configurationId, path } = parseArg("op_file_storage_agent_create_dir_all", target, arg);
      return storageOf(configurationId).createDirAll(path);
    },
  };
  return {
    ops: Object.fromEntries(Object.entries(ops).map(([name, handler]) => [name, tracked(handler)])),
    async settle() {
      ended = true;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

export const fileStorageAgent: AgentFactory = ({ config }) => {
  const storages = new Map(Object.entries(config.agents.fileStorage).map(([name, storage]) => [name, new FileStorageRoot(name, storage.root)]));
  return {
    attach: () => {
      const { ops, settle } = taskFileStorage(storages);
      return { ops, dispose: settle };
    },
  };
};
