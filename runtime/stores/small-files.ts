/**
 * Small files read and written on the calling thread. Every asynchronous fs call is a round trip
 * through libuv's thread pool: a pending record (a few hundred bytes) took six to write and five to
 * read back, and on a busy 2-core machine each round trip's hand-over between threads cost far more
 * than the work (batch profile, README "Where the time goes"). Resolving a path, reading from and
 * writing to the page cache and closing take microseconds on a local disk. What may wait for the
 * device, or cost the kernel far more than that, stays on the thread pool: fsync, and whatever
 * changes a directory (creating, renaming, removing a file) — creating one took ~0.65 ms of the
 * main thread during a batch's pending records, because ext4 without a journal (this machine's)
 * walks past the free inodes of the folder's block group deleted earlier (hours of them, while
 * cached) when it picks one for a new file (README, "Where the time goes", the disk). Anything
 * larger than SMALL_FILE_BYTES goes the asynchronous way, so the event loop never waits on a large
 * transfer.
 */
import { closeSync, constants, fstatSync, fsync, open, openSync, readSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { promisify, types } from "node:util";

export const SMALL_FILE_BYTES = 256 * 1024;

const fsyncOnThreadPool = promisify(fsync);
const openOnThreadPool = promisify(open);

/** A small file's bytes read at once; a larger one (or anything but a regular file) read asynchronously. */
export async function readFileQuickly(path: string): Promise<Uint8Array> {
  // Non-blocking: opening a FIFO without a writer would otherwise hold the event loop (for a
  // regular file the flag changes nothing).
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size <= SMALL_FILE_BYTES) return readAll(fd, stats.size);
  } finally {
    closeSync(fd);
  }
  const data = await readFile(path);
  // A plain Uint8Array over the bytes read (not a Buffer, and not a copy of them).
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function readAll(fd: number, size: number): Uint8Array {
  // One byte more than announced: a file that grew since fstat is read to its end by the loop.
  let bytes = new Uint8Array(size + 1);
  let length = 0;
  for (;;) {
    if (length === bytes.byteLength) {
      const larger = new Uint8Array(bytes.byteLength * 2);
      larger.set(bytes);
      bytes = larger;
    }
    const read = readSync(fd, bytes, length, bytes.byteLength - length, null);
    if (read === 0) return bytes.subarray(0, length);
    length += read;
  }
}

/** Whole bytes or text that fit SMALL_FILE_BYTES (a string's UTF-8 takes at most 3 bytes per unit). */
export function isSmall(data: unknown): data is Uint8Array | string {
  return typeof data === "string" ? data.length <= SMALL_FILE_BYTES / 3 : types.isUint8Array(data) && data.byteLength <= SMALL_FILE_BYTES;
}

/** Creates `path` (which must not exist) with `data`, durably: written, fsynced, closed. */
export async function createFileQuickly(path: string, data: Uint8Array | string, mode: number | undefined): Promise<void> {
  const fd = await openOnThreadPool(path, "wx", mode);
  try {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    for (let written = 0; written < bytes.byteLength; ) written += writeSync(fd, bytes, written, bytes.byteLength - written);
    await fsyncOnThreadPool(fd);
  } finally {
    closeSync(fd);
  }
}
