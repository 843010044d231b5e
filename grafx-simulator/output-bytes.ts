import * as crypto from "node:crypto";
import { magicBytesByFormat, type OutputFormat } from "./formats";

/** Size of the repeating pattern and of every chunk handed to the socket. */
export const OUTPUT_CHUNK_BYTES = 64 * 1024;

export interface OutputDescription {
  taskId: string;
  format: OutputFormat;
  sizeBytes: number;
}

const { createHash } = crypto;

/**
 * 64 KiB seeded by the task id: SHAKE256 of the id, an extendable-output hash, read to 64 KiB in
 * one native call (2,048 SHA-256s per download were most of the simulator's CPU in the batch bench).
 */
function patternFor(taskId: string): Buffer {
  return createHash("shake256", { outputLength: OUTPUT_CHUNK_BYTES }).update(taskId).digest();
}

/**
 * The output file of a task, chunk by chunk: the format's magic bytes, then a pattern seeded by the
 * task id, repeated. Deterministic, so tests can check what arrived with `outputSha256`; every full
 * chunk after the first is the same buffer, so a 600 MiB file costs 128 KiB of memory.
 * `limitBytes` stops early (a truncated download).
 */
export function* outputChunks(output: OutputDescription, limitBytes = output.sizeBytes): Generator<Buffer> {
  const total = Math.min(output.sizeBytes, limitBytes);
  const pattern = patternFor(output.taskId);
  const first = Buffer.from(pattern);
  first.set(magicBytesByFormat[output.format].subarray(0, first.length));
  for (let sent = 0; sent < total; ) {
    const source = sent === 0 ? first : pattern;
    const length = Math.min(OUTPUT_CHUNK_BYTES, total - sent);
    yield length === OUTPUT_CHUNK_BYTES ? source : source.subarray(0, length);
    sent += length;
  }
}

/** Hex SHA-256 of a task's whole output file, as `outputChunks` produces it. */
export function outputSha256(output: OutputDescription): string {
  const hash = createHash("sha256");
  for (const chunk of outputChunks(output)) hash.update(chunk);
  return hash.digest("hex");
}
