/**
 * The isolate wire format (runtime/isolate/wire): frames with bytes beside the JSON, streamed
 * byte markers, frames written in parts without copying their large arrays, and the frame reader
 * (split anywhere, pooled buffers given back and reused).
 */
import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame, encodeFrameParts, FrameReader } from "../../runtime/isolate/wire";
import { joined } from "../helpers/bytes";

const KIB = 1024;

function pattern(length: number, start = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (start + index * 13) & 255;
  return bytes;
}

describe("frames", () => {
  it("carry JSON and byte arrays (views of any offset), decoded as views of the frame", () => {
    const backing = pattern(1000);
    const value = { t: "result", id: 7, value: { small: backing.subarray(10, 20), big: pattern(3 * KIB), text: "é\u0000" } };
    const { target, value: decoded } = decodeFrame(encodeFrame(3, value));
    expect(target).toBe(3);
    expect(decoded).toEqual(value);
  });

  it("refuse a value whose object keys could pass for a marker", () => {
    expect(() => encodeFrame(1, { "\u0000bytes": 0 })).toThrow(TypeError);
    expect(() => encodeFrame(1, { nested: { "\u0000stream": 1, n: 5 } })).toThrow(TypeError);
  });

  it("in parts: the same bytes as one frame, large arrays as themselves (not copied), small ones inside", () => {
    const large = pattern(200 * KIB);
    const exactly = pattern(64 * KIB);
    const small = pattern(100);
    const value = { t: "result", id: 1, value: [small, large, "x", new Uint16Array([1, 2, 3]), exactly] };
    const parts = encodeFrameParts(9, value);
    expect(Buffer.from(joined(parts)).equals(Buffer.from(encodeFrame(9, value)))).toBe(true);
    expect(parts).toContain(large);
    expect(parts).toContain(exactly);
    expect(parts.some((part) => part.buffer === small.buffer)).toBe(false);
    const [decodedSmall, decodedLarge, text, shorts, decodedExactly] = (decodeFrame(joined(parts)).value as { value: Uint8Array[] }).value;
    expect([decodedSmall, text, shorts]).toEqual([small, "x", new Uint8Array(new Uint16Array([1, 2, 3]).buffer)]);
    expect(Buffer.from(decodedLarge!).equals(Buffer.from(large))).toBe(true);
    expect(Buffer.from(decodedExactly!).equals(Buffer.from(exactly))).toBe(true);
  });

  it("turn large byte arrays into stream markers when asked, and back into what the decoder makes of them", () => {
    const opened: Uint8Array[] = [];
    const big = pattern(8 * KIB);
    const frame = encodeFrame(2, { t: "op", args: [{ path: "a" }, big, pattern(10)] }, {
      streams: { minBytes: 4 * KIB, open: (bytes) => opened.push(bytes) - 1 + 40 },
    });
    // The streamed bytes are not in the frame.
    expect(frame.byteLength).toBeLessThan(1024);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toEqual(big);
    const seen: Array<[number, number]> = [];
    const { value } = decodeFrame(frame, { stream: (id, length) => (seen.push([id, length]), `stream ${id}`) });
    expect(seen).toEqual([[40, big.byteLength]]);
    expect(value).toEqual({ t: "op", args: [{ path: "a" }, "stream 40", pattern(10)] });
    // A decoder that expects no streams refuses a frame with a marker.
    expect(() => decodeFrame(frame)).toThrow("malformed isolate frame");
  });

  it("map each byte array through the decoder's `bytes` (a copy of its own, say)", () => {
    const frame = encodeFrame(1, { a: pattern(5), b: [pattern(3)] });
    const { value } = decodeFrame(frame, { bytes: (view) => view.slice() });
    const { a, b } = value as { a: Uint8Array; b: Uint8Array[] };
    expect([a.buffer.byteLength, b[0]!.buffer.byteLength]).toEqual([5, 3]);
    expect(a).toEqual(pattern(5));
  });
});

describe("FrameReader", () => {
  it("cuts a stream split anywhere (headers too) into the frames that were written", () => {
    const frames = [encodeFrame(1, { a: 1 }), encodeFrame(2, { b: pattern(7 * KIB) }), encodeFrame(3, "x")];
    const stream = joined(frames);
    for (const step of [1, 3, 5, 4096, stream.byteLength]) {
      const reader = new FrameReader();
      const out: Uint8Array[] = [];
      for (let offset = 0; offset < stream.byteLength; offset += step) out.push(...reader.push(stream.subarray(offset, offset + step)));
      expect(out.map((frame) => Buffer.from(frame).toString("hex"))).toEqual(frames.map((frame) => Buffer.from(frame).toString("hex")));
    }
  });

  it("refuses a frame over its limit", () => {
    expect(() => new FrameReader(1000).push(encodeFrame(1, pattern(2000)))).toThrow(RangeError);
  });

  it("reads frames of about a pooled buffer's size into pooled buffers, reused once recycled", () => {
    const reader = new FrameReader(undefined, { bufferBytes: 64 * KIB, keep: 1 });
    const frameOf = (start: number) => encodeFrame(1, { t: "chunk", b: pattern(40 * KIB, start) });
    const [first] = reader.push(frameOf(1));
    expect(first!.buffer.byteLength).toBe(64 * KIB);
    expect(Buffer.from((decodeFrame(first!).value as { b: Uint8Array }).b).equals(Buffer.from(pattern(40 * KIB, 1)))).toBe(true);
    // Not recycled: the next frame gets a buffer of its own.
    const [second] = reader.push(frameOf(2));
    expect(second!.buffer).not.toBe(first!.buffer);
    reader.recycle(first!);
    const [third] = reader.push(frameOf(3));
    expect(third!.buffer).toBe(first!.buffer);
    expect(Buffer.from((decodeFrame(third!).value as { b: Uint8Array }).b).equals(Buffer.from(pattern(40 * KIB, 3)))).toBe(true);
    // Small and oversized frames are never pooled.
    expect(reader.push(encodeFrame(1, "small"))[0]!.buffer.byteLength).toBeLessThan(1024);
    expect(reader.push(encodeFrame(1, pattern(100 * KIB)))[0]!.buffer.byteLength).toBeGreaterThan(100 * KIB);
  });
});
