/**
 * Bytes a host operation gives away with its result. They are *transferred* to the sandbox
 * worker (moved: detached here afterwards) instead of being serialized and copied again on the
 * other side, once per chunk of a large download.
 *
 * Only for fresh bytes nobody else holds: a buffer the host keeps (a stored value, a pooled
 * network buffer) must be sent as a copy, which is what happens to every unmarked value.
 */
const handedOver = new WeakSet<ArrayBufferLike>();

/** Marks `bytes` as the result's own: its whole buffer moves to the worker. */
export function handOver(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) handedOver.add(bytes.buffer);
  return bytes;
}

/** The buffers to transfer with an operation's result (none unless it was handed over). */
export function transferListOf(value: unknown): ArrayBuffer[] {
  if (!(value instanceof Uint8Array) || !handedOver.has(value.buffer)) return [];
  handedOver.delete(value.buffer);
  return [value.buffer as ArrayBuffer];
}
