import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpAgent } from "../../runtime/agents/http-agent";
import { MAX_BODY_READ_BYTES, ReadAheadBody } from "../../runtime/agents/http-body";
import { isLent, written } from "../../runtime/isolate/lent-bytes";
import type { TaskScope } from "../../runtime/agents/agent";
import { configSchema } from "../../runtime/config/schema";
import type { HttpPrepared, HttpResponseHead } from "../../runtime/saffron/src/host-ops";
import { joined } from "../helpers/bytes";

const KIB = 1024;

/** Bytes 0..255 repeating, so a reordered or dropped chunk shows. */
function pattern(length: number, start = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (start + index) & 255;
  return bytes;
}

function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected);
}

/** A turn of the event loop: what an answer's round trip to the logic's isolate and back takes at least. */
const roundTrip = () => new Promise((resolve) => setImmediate(resolve));

/** A network-like body: `count` chunks of `size` bytes, produced only when pulled; counts what was pulled. */
function pulledBody(count: number, size: number) {
  const pulled = { chunks: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled.chunks === count) return controller.close();
        controller.enqueue(pattern(size, pulled.chunks * size));
        pulled.chunks += 1;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled };
}

/** Reads like the logic does: one read, then a round trip before the next. */
async function readAll(body: ReadAheadBody): Promise<Uint8Array[]> {
  const answers: Uint8Array[] = [];
  for (let bytes; (bytes = await body.read()) !== null; await roundTrip()) answers.push(bytes);
  return answers;
}

describe("ReadAheadBody", () => {
  it("answers many network chunks per read, never more than its maximum, every byte in order", async () => {
    const { stream } = pulledBody(64, 16 * KIB);
    const answers = await readAll(new ReadAheadBody(stream.getReader(), 256 * KIB));
    expect(sameBytes(joined(answers), pattern(64 * 16 * KIB))).toBe(true);
    expect(Math.max(...answers.map((answer) => answer.byteLength))).toBeLessThanOrEqual(256 * KIB);
    // 64 chunks of 16 KiB in answers of at most 256 KiB: 4 when every answer is full.
    expect(answers.length).toBeLessThanOrEqual(8);
  });

  it("reads nothing before the first read, and at most its maximum ahead of the reader", async () => {
    const { stream, pulled } = pulledBody(100, 16 * KIB);
    const body = new ReadAheadBody(stream.getReader(), 64 * KIB);
    await roundTrip();
    expect(pulled.chunks).toBe(0);

    const first = await body.read();
    // Let the read-ahead run as far as it may.
    for (let turn = 0; turn < 5; turn++) await roundTrip();
    expect(pulled.chunks * 16 * KIB - first!.byteLength).toBeLessThanOrEqual(64 * KIB);
    expect(pulled.chunks).toBeLessThan(100);
    await body.cancel();
  });

  it("answers the bytes read before a network error, then the error", async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("socket hang up"));
        sent = true;
        controller.enqueue(pattern(10));
      },
    });
    const body = new ReadAheadBody(stream.getReader());
    expect(await body.read()).toEqual(pattern(10));
    await expect(body.read()).rejects.toThrow("socket hang up");
  });

  it("answers full reads from a lent buffer, reused for a later answer once written to the isolate", async () => {
    const { stream } = pulledBody(32, 16 * KIB);
    const body = new ReadAheadBody(stream.getReader(), 64 * KIB);
    const answers: Uint8Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (let bytes; (bytes = await body.read()) !== null; await roundTrip()) {
      // What the logic gets is a copy made on the wire: the bytes are right when they are written.
      answers.push(bytes.slice());
      buffers.add(bytes.buffer);
      expect(isLent(bytes)).toBe(bytes.byteLength >= 16 * KIB);
      written(bytes);
    }
    expect(sameBytes(joined(answers), pattern(32 * 16 * KIB))).toBe(true);
    // 512 KiB through two or three buffers of 64 KiB, not one per answer.
    expect(answers.length).toBeGreaterThanOrEqual(8);
    expect(buffers.size).toBeLessThanOrEqual(3);
  });

  it("never reuses an answer's buffer that was not written to an isolate (op_read called directly)", async () => {
    const { stream } = pulledBody(16, 16 * KIB);
    const answers = await readAll(new ReadAheadBody(stream.getReader(), 64 * KIB));
    expect(sameBytes(joined(answers), pattern(16 * 16 * KIB))).toBe(true);
    expect(new Set(answers.map((answer) => answer.buffer)).size).toBe(answers.length);
  });

  it("answers each read in a fresh array of exactly its bytes, at most what the read asked for", async () => {
    const { stream } = pulledBody(3, 10);
    const body = new ReadAheadBody(stream.getReader());
    const first = await body.read(4);
    const rest = await readAll(body);
    expect(first).toEqual(pattern(4));
    expect(sameBytes(joined([first!, ...rest]), pattern(30))).toBe(true);
    for (const answer of [first!, ...rest]) {
      expect(answer.byteOffset).toBe(0);
      expect(answer.buffer.byteLength).toBe(answer.byteLength);
    }
  });
});

describe("op_read of a response body", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it("delivers a large body whole, in answers of at most a few MiB", async () => {
    const size = 10 * 1024 * KIB;
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-length": size });
      let offset = 0;
      const writeMore = () => {
        while (offset < size) {
          const chunk = pattern(Math.min(64 * KIB, size - offset), offset);
          offset += chunk.byteLength;
          if (!response.write(chunk)) return void response.once("drain", writeMore);
        }
        response.end();
      };
      writeMore();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const config = configSchema.parse({
      dataProcesses: {},
      agents: { http: { api: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } } },
    });
    const { ops, dispose } = httpAgent({ config, stateDir: "/nonexistent", now: Date.now }).attach({} as TaskScope);
    const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };
    const prepareArgs = { configurationId: "api", method: "GET", path: "big", headers: {}, hasBody: false, bodyLength: null };
    const { requestRid } = (await ops.op_http_agent_prepare!(caller, prepareArgs, null)) as HttpPrepared;
    const head = (await ops.op_http_agent_send!(caller, "api", requestRid)) as HttpResponseHead;
    const answers: Uint8Array[] = [];
    for (let bytes; (bytes = (await ops.op_read!(caller, head.responseRid, 64 * 1024 * KIB)) as Uint8Array).byteLength > 0; await roundTrip()) {
      answers.push(bytes);
    }
    expect(sameBytes(joined(answers), pattern(size))).toBe(true);
    expect(Math.max(...answers.map((answer) => answer.byteLength))).toBeLessThanOrEqual(MAX_BODY_READ_BYTES);
    await dispose?.();
  });
});
