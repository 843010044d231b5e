/**
 * A byte argument that crosses from a logic's isolate as a stream (./wire, ./protocol): its length
 * is known at once, its bytes arrive chunk by chunk as the host consumes them. The host asks the
 * isolate for `window` chunks ahead of the one being consumed and no more, so a stream holds at
 * most that many chunks in Node however large its bytes are, and a slow consumer (a disk, an FTP
 * server) holds the isolate back instead of piling its bytes up in Node.
 *
 * Iterated once. Ends with the announced number of bytes exactly; fails (the iteration throws) when
 * the isolate cannot send them (its bytes were detached, the isolate died or was stopped).
 */

export class ByteStreamError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Asks the isolate for `chunks` more chunks. */
export type AskForChunks = (chunks: number) => void;

/** A chunk, and what to call once nobody reads it any more (its buffer is reused then). */
interface Chunk {
  bytes: Uint8Array;
  done?: () => void;
}

export class IncomingBytes implements AsyncIterable<Uint8Array> {
  private readonly chunks: Chunk[] = [];
  /** Bytes arrived so far. */
  private arrived = 0;
  /** Chunks asked for and not arrived yet. */
  private asked = 0;
  private failure: Error | undefined;
  private closed = false;
  private iterated = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly byteLength: number,
    private readonly ask: AskForChunks,
    private readonly chunkBytes: number,
    private readonly window: number,
  ) {}

  /**
   * A chunk from the isolate; one it was not asked for, or past the announced length, fails the
   * stream. `done` is called once the chunk is not read any more: when the consumer asks for the
   * next one (or stops), or when the stream drops it unread.
   */
  push(chunk: Uint8Array, done?: () => void): void {
    if (this.closed || this.failure) {
      done?.();
      return;
    }
    if (this.asked === 0 || chunk.byteLength === 0 || this.arrived + chunk.byteLength > this.byteLength) {
      done?.();
      this.fail(new ByteStreamError("TypeError", "the isolate sent bytes it was not asked for"));
      return;
    }
    this.asked--;
    this.arrived += chunk.byteLength;
    this.chunks.push({ bytes: chunk, done });
    this.notify();
  }

  /** The stream cannot be finished; a consumer waiting for its next chunk gets `error`. */
  fail(error: Error): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.drop();
    this.notify();
  }

  /** Nothing more is wanted (the operation is over); chunks still arriving are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drop();
    this.failure ??= new ByteStreamError("Interrupted", "the operation is over: its bytes are no longer read");
    this.notify();
  }

  /**
   * Each chunk once, in order. A chunk is the consumer's until it asks for the next one (or stops):
   * then its buffer may carry another chunk, so a consumer must not keep it (a file write is done
   * with it by then; `bytes()` copies it).
   */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.iterated) throw new ByteStreamError("TypeError", "a streamed byte argument can be read once only");
    this.iterated = true;
    let consumed = 0;
    let current: Chunk | undefined;
    this.request(this.window);
    try {
      while (consumed < this.byteLength) {
        while (this.chunks.length === 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
        if (this.failure) throw this.failure;
        current = this.chunks.shift()!;
        consumed += current.bytes.byteLength;
        // Ask for the next one before handing this one on: its way here overlaps with the consumer's work.
        this.request(1);
        yield current.bytes;
        current.done?.();
        current = undefined;
      }
    } finally {
      current?.done?.();
    }
  }

  private drop(): void {
    for (const chunk of this.chunks.splice(0)) chunk.done?.();
  }

  /** The whole bytes in one array (for a consumer that needs them whole). */
  async bytes(): Promise<Uint8Array> {
    const whole = new Uint8Array(this.byteLength);
    let offset = 0;
    for await (const chunk of this) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return whole;
  }

  private request(chunks: number): void {
    const missing = Math.ceil((this.byteLength - this.arrived) / this.chunkBytes) - this.asked;
    const wanted = Math.min(chunks, missing);
    if (wanted <= 0 || this.failure) return;
    this.asked += wanted;
    this.ask(wanted);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** A streamed byte argument, from whichever realm. */
export function isIncomingBytes(value: unknown): value is IncomingBytes {
  return value instanceof IncomingBytes;
}
