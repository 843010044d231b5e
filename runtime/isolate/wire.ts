/**
 * The isolate wire format, spoken by the Node host, the Deno host process and each logic worker
 * (web APIs only, so all three bundle it).
 *
 * A frame: u32 body length | u32 target | u32 JSON length | JSON | u32 count | (u32 length | bytes)*.
 * `target` is the logic worker a frame is for or from (0: the Deno host process itself). Values
 * are JSON plus byte arrays, which travel beside the JSON instead of inside it: a 200 MiB
 * download crosses as one copy, not as a JSON array of numbers.
 *
 * A byte array too large to cross in one frame without a second whole copy of it on either side
 * can be sent as a *stream* instead: the JSON holds a marker (its stream id and length) and the
 * bytes follow in chunk frames of their own (./protocol, ./byte-stream), so that neither side
 * ever holds more than a few chunks of it besides the array itself.
 */

// Captured when the module loads, before any logic runs: a logic replacing a built-in (its own
// business) must not garble what its isolate tells the host.
const { stringify, parse } = JSON;
const { hasOwn } = Object;
const { isArray } = Array;
const { isView } = ArrayBuffer;
const { isInteger } = Number;
const Bytes = Uint8Array;
const View = DataView;
const Buffer_ = ArrayBuffer;
const Shared = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : undefined;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The key marking a byte array's place in the JSON (a NUL in a key cannot come from a logic by accident). */
const BYTES_KEY = "\u0000bytes";
/** The key marking a byte stream's place in the JSON: `{ "\0stream": id, "n": byteLength }`. */
const STREAM_KEY = "\u0000stream";
/** How a NUL appears in JSON text (JSON.parse refuses a raw one, and its hex digits have no case). */
const ESCAPED_NUL = "\\u0000";
const HEADER_BYTES = 4;
/** Frame header (length, target, JSON length) plus the blob count. */
const FIXED_BYTES = HEADER_BYTES * 4;
/** Blobs at least this large are not copied by `encodeFrameParts`: they are written as they are. */
const BY_REFERENCE_BYTES = 64 * 1024;

export interface Frame {
  target: number;
  value: unknown;
}

export interface EncodeOptions {
  /**
   * Byte arrays of at least `minBytes` bytes are sent as streams: `open` registers one and answers
   * its id, which the JSON carries (with the length) instead of the bytes.
   */
  streams?: { minBytes: number; open(bytes: Uint8Array): number };
  /** Allocates the frame (a pooled buffer, say); it may be longer than asked, the frame is its start. */
  allocate?(byteLength: number): Uint8Array;
}

export interface DecodeOptions {
  /** What a stream marker becomes; without it, a frame holding one is malformed. */
  stream?(id: number, byteLength: number): unknown;
  /** What a byte array becomes (a copy of its own, say); by default a view of the frame. */
  bytes?(view: Uint8Array): Uint8Array;
}

function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Buffer_ || (Shared !== undefined && value instanceof Shared)) return new Bytes(value as ArrayBuffer);
  if (isView(value)) return new Bytes(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function isMarked(item: unknown): boolean {
  return item !== null && typeof item === "object" && !isArray(item) && (hasOwn(item, BYTES_KEY) || hasOwn(item, STREAM_KEY));
}

/**
 * The JSON text of `value` with its byte arrays pulled out (or turned into streams). `blobs` are
 * Uint8Array views of them; `originals` the arrays as given (a Uint8Array itself, when one was).
 */
function serialize(value: unknown, options: EncodeOptions | undefined): { text: Uint8Array; blobs: Uint8Array[]; originals: unknown[] } {
  const blobs: Uint8Array[] = [];
  const originals: unknown[] = [];
  const streams = options?.streams;
  const json = stringify(value, (_key: string, item: unknown) => {
    const bytes = asBytes(item);
    if (bytes) {
      if (streams && bytes.byteLength >= streams.minBytes) return { [STREAM_KEY]: streams.open(bytes), n: bytes.byteLength };
      blobs.push(bytes);
      originals.push(item);
      return { [BYTES_KEY]: blobs.length - 1 };
    }
    if (isMarked(item)) throw new TypeError("an object key may not contain a NUL character");
    return item;
  });
  return { text: encoder.encode(json ?? "null"), blobs, originals };
}

/**
 * A frame's head — body length, target, the JSON's length, the JSON, the blob count — written at
 * the start of `frame` (whose length is `length`); answers where the blobs begin.
 */
function writeHead(frame: Uint8Array, view: DataView, length: number, target: number, text: Uint8Array, blobCount: number): number {
  view.setUint32(0, length - HEADER_BYTES);
  view.setUint32(4, target);
  view.setUint32(8, text.byteLength);
  frame.set(text, 12);
  const offset = 12 + text.byteLength;
  view.setUint32(offset, blobCount);
  return offset + HEADER_BYTES;
}

/** Encodes one frame; throws a TypeError for a value JSON cannot carry (a cycle, a BigInt). */
export function encodeFrame(target: number, value: unknown, options?: EncodeOptions): Uint8Array {
  const { text, blobs } = serialize(value, options);
  let length = FIXED_BYTES + text.byteLength;
  for (const blob of blobs) length += HEADER_BYTES + blob.byteLength;
  const frame = options?.allocate ? options.allocate(length).subarray(0, length) : new Bytes(length);
  const view = new View(frame.buffer, frame.byteOffset, length);
  let offset = writeHead(frame, view, length, target, text, blobs.length);
  for (const blob of blobs) {
    view.setUint32(offset, blob.byteLength);
    // A copy: bytes on a SharedArrayBuffer, or still held by a logic, never cross shared.
    frame.set(blob, offset + HEADER_BYTES);
    offset += HEADER_BYTES + blob.byteLength;
  }
  return frame;
}

/**
 * The same frame as `encodeFrame`, in pieces to be written one after the other (a gathered write):
 * large byte arrays are pieces of their own, NOT copied — for a writer that is done with them
 * before anyone changes them (the Node host's answers: bytes it made for this answer). A large
 * Uint8Array is its own piece, the very object given (its writer may want to know it: ./lent-bytes).
 */
export function encodeFrameParts(target: number, value: unknown): Uint8Array[] {
  const { text, blobs, originals } = serialize(value, undefined);
  let length = FIXED_BYTES + text.byteLength;
  let copied = FIXED_BYTES + text.byteLength;
  for (const blob of blobs) {
    length += HEADER_BYTES + blob.byteLength;
    copied += HEADER_BYTES + (blob.byteLength < BY_REFERENCE_BYTES ? blob.byteLength : 0);
  }
  // The copied parts (header, JSON, lengths, small blobs) share one buffer; each part is a view of it.
  const small = new Bytes(copied);
  const view = new View(small.buffer);
  let offset = writeHead(small, view, length, target, text, blobs.length);
  const parts: Uint8Array[] = [];
  let partStart = 0;
  for (let index = 0; index < blobs.length; index++) {
    const blob = blobs[index]!;
    view.setUint32(offset, blob.byteLength);
    offset += HEADER_BYTES;
    if (blob.byteLength < BY_REFERENCE_BYTES) {
      small.set(blob, offset);
      offset += blob.byteLength;
    } else {
      const original = originals[index];
      parts.push(small.subarray(partStart, offset), original instanceof Bytes ? original : blob);
      partStart = offset;
    }
  }
  if (offset > partStart) parts.push(small.subarray(partStart, offset));
  return parts;
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
export function decodeFrame(frame: Uint8Array, options?: DecodeOptions): Frame {
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
  // A marker's key holds a NUL, which JSON text can only carry escaped: without a `\u0000` in the
  // text there is no marker, and the reviver (several times slower than a plain parse) would
  // return every value unchanged.
  if (!json.includes(ESCAPED_NUL)) return { target, value: parse(json) as unknown };
  const value: unknown = parse(json, (_key, item: unknown) => {
    if (item !== null && typeof item === "object" && !isArray(item)) {
      if (hasOwn(item, BYTES_KEY)) {
        const blob = blobs[(item as Record<string, number>)[BYTES_KEY]!] ?? fail();
        return options?.bytes ? options.bytes(blob) : blob;
      }
      if (hasOwn(item, STREAM_KEY)) {
        const { [STREAM_KEY]: id, n } = item as Record<string, unknown>;
        if (!options?.stream || !isInteger(id) || !isInteger(n) || (id as number) < 0 || (n as number) < 0) fail();
        return options!.stream!(id as number, n as number);
      }
    }
    return item;
  });
  return { target, value };
}

export interface FramePool {
  /** The size of a pooled buffer: frames longer than half of it and up to it are read into one. */
  bufferBytes: number;
  /** Free buffers kept at most. */
  keep: number;
}

/**
 * Cuts a byte stream into whole frames. A large frame is gathered into one buffer of its size as
 * its chunks arrive (no repeated concatenation). Its header bytes never cost an allocation: a
 * header split across chunks is put together in a small buffer of the reader's own.
 *
 * With a pool, frames of about its buffers' size are read into pooled buffers; whoever is done
 * with such a frame (and every view of it) gives it back with `recycle`, and the next one reuses
 * its buffer instead of leaving it to the garbage collector. A frame never recycled is just freed.
 */
export class FrameReader {
  private readonly head = new Bytes(HEADER_BYTES);
  private headFilled = 0;
  private body: Uint8Array | undefined;
  private filled = 0;
  private readonly free: Uint8Array[] = [];

  constructor(
    private readonly maxFrameBytes = 2 ** 31,
    private readonly pool?: FramePool,
  ) {}

  /** Gives a frame this reader made back to its pool (only ever one nothing refers to any more). */
  recycle(frame: Uint8Array): void {
    const { pool } = this;
    if (!pool || frame.buffer.byteLength !== pool.bufferBytes || frame.byteOffset !== 0 || this.free.length >= pool.keep) return;
    this.free.push(new Bytes(frame.buffer as ArrayBuffer));
  }

  private allocate(length: number): Uint8Array {
    const { pool } = this;
    if (!pool || length > pool.bufferBytes || length * 2 <= pool.bufferBytes) return new Bytes(length);
    return (this.free.pop() ?? new Bytes(pool.bufferBytes)).subarray(0, length);
  }

  /** The frames completed by `chunk`; throws a RangeError past `maxFrameBytes`. */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let rest = chunk;
    while (rest.byteLength > 0) {
      if (!this.body) {
        const take = rest.subarray(0, HEADER_BYTES - this.headFilled);
        this.head.set(take, this.headFilled);
        this.headFilled += take.byteLength;
        rest = rest.subarray(take.byteLength);
        if (this.headFilled < HEADER_BYTES) break;
        const length = new View(this.head.buffer).getUint32(0);
        if (length + HEADER_BYTES > this.maxFrameBytes) throw new RangeError(`isolate frame of ${length} bytes is over the limit`);
        this.body = this.allocate(length + HEADER_BYTES);
        this.body.set(this.head);
        this.filled = HEADER_BYTES;
        this.headFilled = 0;
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
