/**
 * A response body the logic reads through op_read. Network chunks are small (~64 KiB) and each
 * read is a round trip to the logic's isolate, so the body is read ahead, at most `maxBytes`,
 * while the logic works on the previous answer; each read then answers what is buffered so far
 * (at most what the read asked for) in one fresh Uint8Array of its own, which crosses to the
 * isolate as it is. Nothing is read before the logic's first read, nor more than `maxBytes` ahead.
 */

/** The most one read answers, and the most read ahead. */
export const MAX_BODY_READ_BYTES = 4 * 1024 * 1024;

export class ReadAheadBody {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pumping = false;
  private waiting: Array<() => void> = [];

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly maxBytes = MAX_BODY_READ_BYTES,
  ) {}

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

  async cancel(): Promise<void> {
    this.ended = true;
    this.chunks.length = 0;
    this.buffered = 0;
    await this.reader.cancel().catch(() => undefined);
  }

  private take(limit: number): Uint8Array {
    // Always a fresh array of exactly these bytes: the stream's own chunks may share a buffer
    // with other data, and what a read answers is the logic's to keep.
    const bytes = new Uint8Array(Math.min(this.buffered, limit));
    let offset = 0;
    while (offset < bytes.byteLength) {
      const chunk = this.chunks[0]!;
      const part = Math.min(chunk.byteLength, bytes.byteLength - offset);
      bytes.set(part === chunk.byteLength ? chunk : chunk.subarray(0, part), offset);
      if (part === chunk.byteLength) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
      offset += part;
    }
    this.buffered -= bytes.byteLength;
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
        this.chunks.push(chunk.value);
        this.buffered += chunk.value.byteLength;
        this.wakeReaders();
      }
    } catch (error) {
      if (!this.ended) this.failure = { error };
    }
  }
}
