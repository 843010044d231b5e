/**
 * Small response bodies cross whole with their head to a logic's isolate (runtime/agents
 * WithWholeBody, http-body `whole`), which answers the logic's reads of them itself: a GraFx status
 * answer costs one round trip, not three. Larger bodies, bodies of unknown length and callers that
 * do not take whole bodies read as before; a body that came whole is the run's own, never another's.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WithWholeBody, type TaskScope } from "../../runtime/agents/agent";
import { httpAgent, WHOLE_BODY_MAX_BYTES } from "../../runtime/agents/http-agent";
import { ReadAheadBody } from "../../runtime/agents/http-body";
import { configSchema } from "../../runtime/config/schema";
import { DenoIsolates } from "../../runtime/isolate/deno-isolates";
import { saffronScript } from "../../runtime/isolate/saffron-script";
import type { HttpPrepared, HttpResponseHead } from "../../runtime/saffron/src/host-ops";
import { taskRecord } from "../helpers/task-record";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** `/n/<bytes>` answers that many bytes with a Content-Length, `/chunked/<bytes>` without one. */
async function serveBytes(): Promise<string> {
  const server = createServer((request, response) => {
    const [, kind, size] = request.url!.split("/");
    const body = Buffer.alloc(Number(size), "a");
    if (kind === "n") response.setHeader("content-length", body.byteLength);
    else response.write(body.subarray(0, 1));
    response.end(kind === "n" ? body : body.subarray(1));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function attach(baseUrl: string, takesWholeBodies: boolean) {
  const config = configSchema.parse({ dataProcesses: {}, agents: { http: { api: { baseUrl } } } });
  const { ops, dispose } = httpAgent({ config, stateDir: "/nonexistent", now: Date.now }).attach({} as TaskScope);
  const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 }, takesWholeBodies };
  const call = (name: keyof typeof ops, ...args: unknown[]) => ops[name]!(caller, ...args);
  const send = async (path: string) => {
    const prepared = { configurationId: "api", method: "GET", path, headers: {}, hasBody: false, bodyLength: null };
    const { requestRid } = (await call("op_http_agent_prepare", prepared, null)) as HttpPrepared;
    return call("op_http_agent_send", "api", requestRid);
  };
  return { call, send, dispose: async () => dispose?.() };
}

describe("whole small bodies at the HTTP agent", () => {
  it("come with the head for a caller that takes them, up to WHOLE_BODY_MAX_BYTES announced; the resource then reads as ended", async () => {
    const base = await serveBytes();
    const task = attach(base, true);
    const small = await task.send(`/n/${WHOLE_BODY_MAX_BYTES}`);
    expect(small).toBeInstanceOf(WithWholeBody);
    const { value, rid, bytes } = small as WithWholeBody;
    expect((value as HttpResponseHead).responseRid).toBe(rid);
    expect(bytes.byteLength).toBe(WHOLE_BODY_MAX_BYTES);
    expect(((await task.call("op_read", rid, 1024)) as Uint8Array).byteLength).toBe(0);
    await task.call("op_close", rid);
    // One byte more, or no announced length: read as before.
    for (const path of [`/n/${WHOLE_BODY_MAX_BYTES + 1}`, "/chunked/10"]) {
      const head = (await task.send(path)) as HttpResponseHead;
      expect(head).not.toBeInstanceOf(WithWholeBody);
      expect(((await task.call("op_read", head.responseRid, 1 << 20)) as Uint8Array).byteLength).toBeGreaterThan(0);
    }
    await task.dispose();
  });

  it("never come to a caller that does not take them (a host operation called directly)", async () => {
    const task = attach(await serveBytes(), false);
    const head = (await task.send("/n/5")) as HttpResponseHead;
    expect(head).not.toBeInstanceOf(WithWholeBody);
    expect(new TextDecoder().decode((await task.call("op_read", head.responseRid, 1024)) as Uint8Array)).toBe("aaaaa");
    await task.dispose();
  });
});

describe("ReadAheadBody.whole", () => {
  const streamOf = (chunks: Uint8Array[], failAtEnd = false) =>
    new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else if (failAtEnd) controller.error(new Error("connection reset"));
        else controller.close();
      },
    }).getReader();

  it("answers the whole body within the limit, and then reads as ended", async () => {
    const body = new ReadAheadBody(streamOf([new Uint8Array([1, 2]), new Uint8Array([3])]));
    expect([...(await body.whole(3))!]).toEqual([1, 2, 3]);
    expect(await body.read()).toBeNull();
  });

  it("leaves a longer or failing body to be read as usual, from its start", async () => {
    const longer = new ReadAheadBody(streamOf([new Uint8Array([1, 2]), new Uint8Array([3, 4])]));
    expect(await longer.whole(3)).toBeUndefined();
    expect([...(await longer.read())!]).toEqual([1, 2, 3, 4]);
    const failing = new ReadAheadBody(streamOf([new Uint8Array([7])], true));
    expect(await failing.whole(10)).toBeUndefined();
    expect([...(await failing.read())!]).toEqual([7]);
    await expect(failing.read()).rejects.toThrow("connection reset");
  });
});

describe("whole bodies in a logic's isolate", () => {
  it("answer the logic's reads there (partial reads included), and are gone for the next run in the same isolate", async () => {
    // No spare isolates: the second run waits for the first one's, checked clean.
    const isolates = new DenoIsolates({ saffron: saffronScript, spares: 0, maxIdle: 1 });
    const task = taskRecord();
    const body = new TextEncoder().encode('{"status":"done"}');
    const runLogic = async (script: string) => {
      const calls: string[] = [];
      const reported: unknown[] = [];
      const running = await isolates.run(
        { kind: "generic", name: "l", filename: "l.js", script, task, variables: {} },
        {
          op(name, args) {
            calls.push(name);
            if (name === "op_railway_is_ok") return true;
            if (name === "op_http_agent_acquire") return "api";
            if (name === "op_http_agent_prepare") return { requestRid: 1, requestBodyRid: null, cancelHandleRid: null };
            if (name === "op_http_agent_send") {
              const head = { status: 200, statusText: "OK", headers: [["content-length", String(body.byteLength)]], url: "http://api/s", responseRid: 7 };
              return new WithWholeBody(head, 7, body);
            }
            if (name === "op_read") throw Object.assign(new Error("Bad resource ID"), { name: "BadResource" });
            if (name === "op_file_storage_agent_acquire") reported.push(args[0]);
            return null;
          },
          sync: () => undefined,
          console: () => undefined,
        },
      );
      expect((await running.outcome).failure).toBeUndefined();
      return { calls, reported };
    };
    try {
      const first = await runLogic(`
        globalThis.run = async function (ctx) {
          const api = await Saffron.HttpAgent.acquire("api");
          const response = await api.fetch("/s");
          const text = await response.text();
          // Partial reads of a second whole body, straight through Deno.core.
          const again = await Deno.core.opAsync("op_http_agent_send", "api", 1);
          const parts = [];
          for (let bytes; (bytes = await Deno.core.opAsync("op_read", again.responseRid, 5)).byteLength > 0; ) parts.push(bytes.byteLength);
          await Saffron.FileStorageAgent.acquire(JSON.stringify({ text, parts }));
        };
        globalThis.handleError = async function (ctx, error) {};`);
      expect(first.reported).toEqual([JSON.stringify({ text: '{"status":"done"}', parts: [5, 5, 5, 2] })]);
      expect(first.calls.filter((name) => name === "op_read")).toEqual([]);
      // The next logic in the same isolate asks for the same resource id: the host answers, not the isolate.
      const second = await runLogic(`
        globalThis.run = async function (ctx) {
          let answer;
          try { answer = (await Deno.core.opAsync("op_read", 7, 100)).byteLength; } catch (error) { answer = error.name; }
          await Saffron.FileStorageAgent.acquire(String(answer));
        };
        globalThis.handleError = async function (ctx, error) {};`);
      expect(isolates.stats.reused).toBe(1);
      expect(second.reported).toEqual(["BadResource"]);
      expect(second.calls).toContain("op_read");
    } finally {
      await isolates.close();
    }
  });
});
