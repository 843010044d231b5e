/**
 * A response body the logic reads through op_read. Network chunks are small (~64 KiB) and each
 * read is a round trip to the logic's isolate, so the body is read ahead, at most `maxBytes`,
 * while the logic works on the previous answer; each read then answers what is buffered so far
 * (at most what the read asked for), which crosses to the isolate as it is. Nothing is read
 * before the logic's first read, nor more than `maxBytes` ahead.
 *
 * Memory: each network chunk is copied into the read-ahead buffer the moment it arrives, so it
 * dies young (a young-generation collection frees it, ../isolate/young-collector). A full answer
 * is that buffer itself, lent (../isolate/lent-bytes): once written to the isolate it comes back
 * and is filled again, so a download of any size goes through the same two or three buffers
 * instead of leaving dead ones behind. An answer that never reaches an isolate (op_read called
 * directly) stays its holder's; a small or partial answer is a fresh array of exactly its bytes.
 */
import { lend } from "../isolate/lent-bytes";

/** The most one read answers, and the most read ahead: 512 KiB, the chunk a logic's stream asks for. */
export const MAX_BODY_READ_BYTES = 512 * 1024;
/** Buffers kept for reuse (one being written to the isolate while the next one fills, and one spare). */
const KEPT_BUFFERS = 2;
/** The first read-ahead buffer of a body holds this much at least, and grows fourfold as needed: a small body never costs `maxBytes`. */
const FIRST_BUFFER_BYTES = 16 * 1024;

export class ReadAheadBody {
  /** The read-ahead buffer: bytes [start, end) are read and not answered yet. */
  private buffer: Uint8Array | undefined;
  private start = 0;
  private end = 0;
  /** What did not fit of the last network chunk (the buffer was full): it goes in first. */
  private overflow: Uint8Array | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pumping = false;
  private waiting: Array<() => void> = [];
  /** Buffers back from the isolate's writer, free to be filled again. */
  private readonly free: Uint8Array[] = [];

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly maxBytes = MAX_BODY_READ_BYTES,
  ) {}

  /** Bytes read ahead and not answered yet. */
  private get buffered(): number {
    return this.end - this.start + (this.overflow?.byteLength ?? 0);
  }

  /**
   * The bytes buffered so far (waiting for some if none are), at most `limit` (and at most
   * `maxBytes`); null at the end. Rejects with the stream's error once the bytes read before it
   * were answered.
   */
  async read(limit = this.maxBytes): Promise<Uint8Array | null> {
    while (this.buffered === 0 && !this.ended && !this.failure) {
      const arrived = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.pump();
      await arrived;
    }
    if (this.buffered === 0) {
      if (this.failure) throw this.failure.error;
      return null;
    }
    const bytes = this.take(Math.max(1, Math.min(limit, this.maxBytes)));
    this.pump();
    return bytes;
  }

  /**
   * The whole body, read ahead now, when it ends within `limit` bytes; it then reads as ended.
   * Otherwise (longer, or failing) undefined, and the body reads as usual, from its start.
   */
  async whole(limit: number): Promise<Uint8Array | undefined> {
    while (!this.ended && !this.failure && this.buffered <= limit) {
      const arrived = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.pump();
      await arrived;
    }
    if (!this.ended || this.failure || this.buffered > limit) return undefined;
    return this.buffered === 0 ? new Uint8Array(0) : this.take(limit);
  }

  async cancel(): Promise<void> {
    this.ended = true;
    this.buffer = undefined;
    this.overflow = undefined;
    this.start = this.end = 0;
    this.free.length = 0;
    await this.reader.cancel().catch(() => undefined);
  }

  /** Copies a network chunk into the read-ahead buffer (what does not fit waits in `overflow`). */
  private store(chunk: Uint8Array): void {
    this.buffer ??= this.free.pop() ?? new Uint8Array(Math.min(this.maxBytes, Math.max(FIRST_BUFFER_BYTES, chunk.byteLength)));
    if (this.end === this.buffer.byteLength && this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end + chunk.byteLength > this.buffer.byteLength && this.buffer.byteLength < this.maxBytes) {
      // A body larger than its first chunks: a larger buffer (young, the old one dies at once).
      const larger = new Uint8Array(Math.min(this.maxBytes, Math.max(this.buffer.byteLength * 4, this.end - this.start + chunk.byteLength)));
      larger.set(this.buffer.subarray(this.start, this.end));
      this.end -= this.start;
      this.start = 0;
      this.buffer = larger;
    }
    const fits = Math.min(chunk.byteLength, this.buffer.byteLength - this.end);
    this.buffer.set(fits === chunk.byteLength ? chunk : chunk.subarray(0, fits), this.end);
    this.end += fits;
    this.overflow = fits === chunk.byteLength ? undefined : chunk.subarray(fits);
  }

  private take(limit: number): Uint8Array {
    if (this.end === this.start) {
      // Only the overflow is left (the buffer was lent whole): it goes into a buffer first.
      const overflow = this.overflow!;
      this.overflow = undefined;
      this.store(overflow);
    }
    const buffer = this.buffer!;
    const length = Math.min(this.end - this.start, limit);
    let bytes: Uint8Array;
    if (length === this.end - this.start && length >= this.maxBytes / 4) {
      // All of it, and large: the buffer itself answers, and comes back once written to the isolate.
      bytes = lend(buffer.subarray(this.start, this.end), () => {
        if (!this.ended && this.free.length < KEPT_BUFFERS && buffer.byteLength === this.maxBytes) this.free.push(buffer);
      });
      this.buffer = undefined;
      this.start = this.end = 0;
    } else {
      // A fresh array of exactly these bytes: what a read answers is the logic's to keep.
      bytes = buffer.slice(this.start, this.start + length);
      this.start += length;
      if (this.start === this.end) this.start = this.end = 0;
    }
    if (this.overflow && (!this.buffer || this.end < this.buffer.byteLength)) {
      const overflow = this.overflow;
      this.overflow = undefined;
      this.store(overflow);
    }
    return bytes;
  }

  private pump(): void {
    if (this.pumping || this.ended || this.failure || this.buffered >= this.maxBytes) return;
    this.pumping = true;
    void this.fill().finally(() => {
      this.pumping = false;
      this.wakeReaders();
    });
  }

  private wakeReaders(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private async fill(): Promise<void> {
    try {
      while (!this.ended && this.buffered < this.maxBytes) {
        const chunk = await this.reader.read();
        if (chunk.done) {
          this.ended = true;
          return;
        }
        if (this.ended) return;
        if (chunk.value.byteLength === 0) continue;
        this.store(chunk.value);
        this.wakeReaders();
      }
    } catch (error) {
      if (!this.ended) this.failure = { error };
    }
  }
}
