/**
 * The isolate wire format, spoken by the Node host, the Deno host process and each logic worker
 * (web APIs only, so all three bundle it).
 *
 * A frame: u32 body length | u32 target | u32 JSON length | JSON | u32 count | (u32 length | bytes)*.
 * `target` is the logic worker a frame is for or from (0: the Deno host process itself). Values
 * are JSON plus byte arrays, which travel beside the JSON instead of inside it: a 200 MiB
 * download crosses as one copy, not as a JSON array of numbers.
 */

// Captured when the module loads, before any logic runs: a logic replacing a built-in (its own
// business) must not garble what its isolate tells the host.
const { stringify, parse } = JSON;
const { hasOwn } = Object;
const { isArray } = Array;
const { isView } = ArrayBuffer;
const Bytes = Uint8Array;
const View = DataView;
const Buffer_ = ArrayBuffer;
const Shared = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : undefined;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The key marking a byte array's place in the JSON (a NUL in a key cannot come from a logic by accident). */
const BYTES_KEY = "\u0000bytes";
const HEADER_BYTES = 4;

export interface Frame {
  target: number;
  value: unknown;
}

function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Buffer_ || (Shared !== undefined && value instanceof Shared)) return new Bytes(value as ArrayBuffer);
  if (isView(value)) return new Bytes(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** Encodes one frame; throws a TypeError for a value JSON cannot carry (a cycle, a BigInt). */
export function encodeFrame(target: number, value: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  const json = stringify(value, (_key: string, item: unknown) => {
    const bytes = asBytes(item);
    if (bytes) {
      blobs.push(bytes);
      return { [BYTES_KEY]: blobs.length - 1 };
    }
    if (item !== null && typeof item === "object" && !isArray(item) && hasOwn(item, BYTES_KEY)) {
      throw new TypeError("an object key may not contain a NUL character");
    }
    return item;
  });
  const text = encoder.encode(json ?? "null");
  let length = HEADER_BYTES * 4 + text.byteLength;
  for (const blob of blobs) length += HEADER_BYTES + blob.byteLength;
  const frame = new Bytes(length);
  const view = new View(frame.buffer);
  view.setUint32(0, length - HEADER_BYTES);
  view.setUint32(4, target);
  view.setUint32(8, text.byteLength);
  frame.set(text, 12);
  let offset = 12 + text.byteLength;
  view.setUint32(offset, blobs.length);
  offset += HEADER_BYTES;
  for (const blob of blobs) {
    view.setUint32(offset, blob.byteLength);
    // A copy: bytes on a SharedArrayBuffer, or still held by a logic, never cross shared.
    frame.set(blob, offset + HEADER_BYTES);
    offset += HEADER_BYTES + blob.byteLength;
  }
  return frame;
}

/** The target of a whole frame (its 4-byte length prefix included). */
export function frameTarget(frame: Uint8Array): number {
  return new View(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4);
}

/** Rewrites a whole frame's target in place. */
export function setFrameTarget(frame: Uint8Array, target: number): void {
  new View(frame.buffer, frame.byteOffset, frame.byteLength).setUint32(4, target);
}

/** Decodes a whole frame (length prefix included); throws a TypeError on a malformed one. */
export function decodeFrame(frame: Uint8Array): Frame {
  const view = new View(frame.buffer, frame.byteOffset, frame.byteLength);
  const fail = (): never => {
    throw new TypeError("malformed isolate frame");
  };
  if (frame.byteLength < 16 || view.getUint32(0) !== frame.byteLength - HEADER_BYTES) fail();
  const target = view.getUint32(4);
  const jsonLength = view.getUint32(8);
  if (12 + jsonLength + HEADER_BYTES > frame.byteLength) fail();
  const json = decoder.decode(frame.subarray(12, 12 + jsonLength));
  let offset = 12 + jsonLength;
  const count = view.getUint32(offset);
  offset += HEADER_BYTES;
  const blobs: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    if (offset + HEADER_BYTES > frame.byteLength) fail();
    const length = view.getUint32(offset);
    offset += HEADER_BYTES;
    if (offset + length > frame.byteLength) fail();
    blobs.push(frame.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== frame.byteLength) fail();
  const value: unknown = parse(json, (_key, item: unknown) => {
    if (item !== null && typeof item === "object" && !isArray(item) && hasOwn(item, BYTES_KEY)) {
      const blob = blobs[(item as Record<string, number>)[BYTES_KEY]!];
      return blob ?? fail();
    }
    return item;
  });
  return { target, value };
}

/**
 * Cuts a byte stream into whole frames. A large frame is gathered into one buffer of its size as
 * its chunks arrive (no repeated concatenation).
 */
export class FrameReader {
  private head = new Bytes(0);
  private body: Uint8Array | undefined;
  private filled = 0;

  constructor(private readonly maxFrameBytes = 2 ** 31) {}

  /** The frames completed by `chunk`; throws a RangeError past `maxFrameBytes`. */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let rest = chunk;
    while (rest.byteLength > 0) {
      if (!this.body) {
        const need = HEADER_BYTES - this.head.byteLength;
        const take = rest.subarray(0, need);
        const head = new Bytes(this.head.byteLength + take.byteLength);
        head.set(this.head);
        head.set(take, this.head.byteLength);
        this.head = head;
        rest = rest.subarray(take.byteLength);
        if (this.head.byteLength < HEADER_BYTES) break;
        const length = new View(this.head.buffer).getUint32(0);
        if (length + HEADER_BYTES > this.maxFrameBytes) throw new RangeError(`isolate frame of ${length} bytes is over the limit`);
        this.body = new Bytes(length + HEADER_BYTES);
        this.body.set(this.head);
        this.filled = HEADER_BYTES;
        this.head = new Bytes(0);
      }
      const take = rest.subarray(0, this.body.byteLength - this.filled);
      this.body.set(take, this.filled);
      this.filled += take.byteLength;
      rest = rest.subarray(take.byteLength);
      if (this.filled === this.body.byteLength) {
        frames.push(this.body);
        this.body = undefined;
      }
    }
    return frames;
  }
}
