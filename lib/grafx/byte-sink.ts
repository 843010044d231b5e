/**
 * Collects a download's chunks. With a known length the bytes go straight into one buffer of that
 * size, so a print PDF of hundreds of MB is held once, not twice (chunks plus their concatenation).
 */
export class ByteSink {
  #buffer: Uint8Array | undefined;
  #chunks: Uint8Array[] = [];
  #length = 0;

  constructor(expectedLength?: number) {
    if (expectedLength !== undefined && expectedLength > 0) this.#buffer = new Uint8Array(expectedLength);
  }

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (this.#buffer && this.#length + chunk.byteLength <= this.#buffer.byteLength) {
      this.#buffer.set(chunk, this.#length);
    } else {
      // More than announced: keep what came so far and collect the rest chunk by chunk.
      if (this.#buffer) this.#chunks.push(this.#buffer.subarray(0, this.#length));
      this.#buffer = undefined;
      this.#chunks.push(chunk);
    }
    this.#length += chunk.byteLength;
  }

  bytes(): Uint8Array {
    if (this.#buffer) return this.#length === this.#buffer.byteLength ? this.#buffer : this.#buffer.subarray(0, this.#length);
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const bytes = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }
}
