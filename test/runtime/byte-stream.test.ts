/**
 * A byte argument streamed from a logic's isolate (runtime/isolate/byte-stream): asked for a few
 * chunks ahead of its consumer and no more, exact bytes, each chunk handed back once consumed,
 * and failures (a stopped isolate, unasked bytes) reaching the consumer instead of a hang.
 */
import { describe, expect, it } from "vitest";
import { ByteStreamError, IncomingBytes } from "../../runtime/isolate/byte-stream";

const CHUNK = 4;

/** A stream of `length` bytes whose isolate answers every ask at once (from `source`), counting the asks. */
function streamOf(source: Uint8Array, window = 2) {
  const asks: number[] = [];
  const released: number[] = [];
  let sent = 0;
  const stream: IncomingBytes = new IncomingBytes(
    source.byteLength,
    (chunks) => {
      asks.push(chunks);
      // The isolate answers later, as it would (in order).
      queueMicrotask(() => {
        for (let index = 0; index < chunks; index++) {
          const chunk = source.slice(sent, sent + CHUNK);
          const number = sent / CHUNK;
          sent += chunk.byteLength;
          stream.push(chunk, () => released.push(number));
        }
      });
    },
    CHUNK,
    window,
  );
  return { stream, asks, released };
}

const bytes = (length: number) => Uint8Array.from({ length }, (_, index) => index);

describe("IncomingBytes", () => {
  it("yields exactly the announced bytes, asking for `window` chunks ahead and then one per chunk consumed", async () => {
    const { stream, asks, released } = streamOf(bytes(18), 2);
    const seen: Uint8Array[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.slice());
      // Never more chunks asked for than the consumer took plus the window.
      expect(asks.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(seen.length + 2);
    }
    expect(Buffer.concat(seen)).toEqual(Buffer.from(bytes(18)));
    expect(asks).toEqual([2, 1, 1, 1]);
    // Each chunk was handed back once the consumer came back for the next (or finished).
    expect(released).toEqual([0, 1, 2, 3, 4]);
  });

  it("gathers its bytes whole when a consumer needs them so", async () => {
    const { stream } = streamOf(bytes(9));
    expect(await stream.bytes()).toEqual(bytes(9));
  });

  it("is read once only", async () => {
    const { stream } = streamOf(bytes(4));
    await stream.bytes();
    await expect(stream.bytes()).rejects.toThrow("read once only");
  });

  it("fails its consumer when the isolate cannot send the rest, and hands back what it held", async () => {
    const released: string[] = [];
    let stream!: IncomingBytes;
    let asked = 0;
    stream = new IncomingBytes(
      12,
      () => {
        // The isolate sends two chunks, then stalls (it is about to be stopped).
        if (asked++ > 0) return;
        queueMicrotask(() => {
          stream.push(bytes(4), () => released.push("first"));
          stream.push(bytes(4), () => released.push("second"));
        });
      },
      CHUNK,
      2,
    );
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(bytes(4));
    stream.fail(new ByteStreamError("Interrupted", "the logic was stopped before its bytes were sent"));
    // The queued chunk is dropped (and handed back); the consumer learns why.
    expect(released).toEqual(["second"]);
    await expect(iterator.next()).rejects.toMatchObject({ name: "Interrupted" });
    // The chunk it held goes back when its iteration ends.
    expect(released).toEqual(["second", "first"]);
  });

  it("fails on bytes it did not ask for, or past its length", async () => {
    const unasked = new IncomingBytes(8, () => undefined, CHUNK, 2);
    const dropped: string[] = [];
    unasked.push(bytes(4), () => dropped.push("unasked"));
    expect(dropped).toEqual(["unasked"]);
    await expect(unasked.bytes()).rejects.toMatchObject({ name: "TypeError", message: expect.stringContaining("not asked for") });

    let long!: IncomingBytes;
    long = new IncomingBytes(6, () => queueMicrotask(() => long.push(bytes(8))), CHUNK, 2);
    await expect(long.bytes()).rejects.toThrow("not asked for");
  });

  it("when closed (its operation is over), drops what comes and stops its consumer", async () => {
    const { stream } = streamOf(bytes(16));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    stream.close();
    await expect(iterator.next()).rejects.toMatchObject({ name: "Interrupted" });
  });
});
