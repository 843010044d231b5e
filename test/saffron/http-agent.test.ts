import { describe, expect, it } from "vitest";
import type { HttpPrepareArgs, HttpResponseHead } from "../../runtime/saffron/src/host-ops";
import { createIsolate, type IsolateOptions } from "./isolate";

const RULE = "LOC's HTTP agent takes a path only (using a full URL (host + path) would throw an error on LOC)";
const encoder = new TextEncoder();

function head(overrides: Partial<HttpResponseHead> = {}): HttpResponseHead {
  return {
    status: 200,
    statusText: "OK",
    headers: [["content-type", "application/json"], ["x-trace", "t-1"]],
    url: "https://api.example.test/resource/1",
    responseRid: 7,
    ...overrides,
  };
}

/** An isolate whose HTTP agent answers `response` and serves `chunks` as the body. */
async function httpIsolate(response: HttpResponseHead, chunks: string[] = [], answers: IsolateOptions["answers"] = {}) {
  const body = chunks.map((chunk) => encoder.encode(chunk));
  const isolate = await createIsolate({
    answers: {
      op_http_agent_acquire: (name: string) => `config-of-${name}`,
      op_http_agent_prepare: () => ({ requestRid: 3, requestBodyRid: null, cancelHandleRid: null }),
      op_http_agent_send: () => response,
      op_read: () => body.shift() ?? new Uint8Array(0),
      ...answers,
    },
  });
  const client = await isolate.saffron.HttpAgent.acquire("grafx-api");
  // The logic's own Request (LOC's global), as logic code gets it.
  const LogicRequest = isolate.global.Request as typeof Request;
  return { ...isolate, client, LogicRequest };
}

describe("HttpAgent: path only, as on LOC", () => {
  it("acquires a client by configuration name", async () => {
    const { client, callsOf } = await httpIsolate(head());
    expect(callsOf("op_http_agent_acquire")).toEqual([["grafx-api"]]);
    expect(client.configurationId).toBe("config-of-grafx-api");
  });

  it.each([
    "https://other.example.test/file.zip",
    "http://localhost:8080/x",
    "//other.example.test/file.zip",
    "\\\\other.example.test/file.zip",
  ])("refuses the full URL %s with LOC's rule, before any host operation", async (url) => {
    const { client, calls } = await httpIsolate(head());
    await expect(client.fetch(url)).rejects.toThrow(`HttpAgent: "${url}" is a full URL; ${RULE}`);
    await expect(client.fetch(url)).rejects.toMatchObject({ name: "TypeError" });
    expect(calls.map((call) => call.name)).toEqual(["op_http_agent_acquire"]);
  });

  it("refuses a Request made for a full URL", async () => {
    const { client, LogicRequest } = await httpIsolate(head());
    await expect(client.fetch(new LogicRequest("https://other.example.test/a"))).rejects.toThrow(RULE);
  });

  it("keeps a bare path in LOC's Request, clones included", async () => {
    const { LogicRequest } = await httpIsolate(head());
    const request = new LogicRequest("/resource/1?x=1", { method: "POST", body: "x" });
    expect(request.url).toBe("/resource/1?x=1");
    const copy = request.clone();
    expect(copy.url).toBe("/resource/1?x=1");
    expect([await copy.text(), await request.text()]).toEqual(["x", "x"]);
    expect(new LogicRequest(new LogicRequest("/a/b"), { method: "PUT" }).url).toBe("/a/b");
  });

  it("sends a Request built with a bare path: its path, method, headers and body bytes", async () => {
    const { client, LogicRequest, callsOf } = await httpIsolate(head());
    const request = new LogicRequest("/resource/1", { method: "POST", body: "x", headers: { "x-api-key": "k" } });
    await client.fetch(request);
    const [args, body] = callsOf("op_http_agent_prepare")[0] as [HttpPrepareArgs, Uint8Array];
    expect(args).toEqual({
      configurationId: "config-of-grafx-api",
      method: "POST",
      path: "/resource/1",
      headers: {
        "content-type": "text/plain;charset=UTF-8",
        "x-api-key": "k",
        Accept: "*/*",
        "Accept-Language": "*",
      },
      hasBody: true,
      bodyLength: 1,
    });
    expect([...body]).toEqual([...encoder.encode("x")]);
    expect(callsOf("op_http_agent_send")).toEqual([["config-of-grafx-api", 3]]);
  });

  it("sends a string path with init, keeping the logic's Accept headers", async () => {
    const { client, callsOf } = await httpIsolate(head());
    await client.fetch("/orders?page=2", { headers: { Accept: "application/json", "Accept-Language": "en" } });
    const [args, body] = callsOf("op_http_agent_prepare")[0] as [HttpPrepareArgs, Uint8Array | null];
    expect(args).toMatchObject({ method: "GET", path: "/orders?page=2", hasBody: false, bodyLength: null });
    expect(args.headers).toEqual({ accept: "application/json", "accept-language": "en" });
    expect(body).toBeNull();
  });
});

describe("HttpAgent: the response", () => {
  it("streams the body over several op_read calls, then closes the resource", async () => {
    const { client, callsOf, calls } = await httpIsolate(head(), ['{"orders":', "[1,2", "]}"]);
    const response = await client.fetch("/resource/1");
    expect(callsOf("op_read")).toEqual([]);
    expect(response.status).toBe(200);
    expect(response.statusText).toBe("OK");
    expect(response.ok).toBe(true);
    expect(response.url).toBe("https://api.example.test/resource/1");
    expect(response.headers.get("x-trace")).toBe("t-1");
    expect(await response.json()).toEqual({ orders: [1, 2] });
    // 512 KiB at most per read: what a download holds in flight between the host and the logic.
    expect(callsOf("op_read")).toEqual([
      [7, 512 * 1024],
      [7, 512 * 1024],
      [7, 512 * 1024],
      [7, 512 * 1024],
    ]);
    expect(calls.at(-1)).toEqual({ name: "op_close", args: [7] });
  });

  it("gives a 204 a null body and closes its resource at once", async () => {
    const { client, callsOf } = await httpIsolate(head({ status: 204, statusText: "No Content", headers: [] }));
    const response = await client.fetch("/resource/1", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(callsOf("op_close")).toEqual([[7]]);
    expect(callsOf("op_read")).toEqual([]);
  });

  it("gives a HEAD request a null body", async () => {
    const { client, callsOf } = await httpIsolate(head());
    const response = await client.fetch("/resource/1", { method: "HEAD" });
    expect(response.body).toBeNull();
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(callsOf("op_close")).toEqual([[7]]);
  });

  it("answers a 103 head, which the platform's Response cannot be built with", async () => {
    const { client } = await httpIsolate(head({ status: 103, statusText: "Early Hints" }));
    const response = await client.fetch("/resource/1");
    expect([response.status, response.ok, response.body]).toEqual([103, false, null]);
  });

  it("releases the resource when the logic cancels the body", async () => {
    const { client, callsOf } = await httpIsolate(head(), ["part", "rest"]);
    const response = await client.fetch("/big");
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("part");
    await reader.cancel();
    expect(callsOf("op_try_close")).toEqual([[7]]);
    expect(callsOf("op_close")).toEqual([]);
  });

  it("keeps the head's url on a clone", async () => {
    const { client } = await httpIsolate(head(), ["a"]);
    const response = await client.fetch("/resource/1");
    const copy = response.clone();
    expect(copy.url).toBe("https://api.example.test/resource/1");
    expect([await copy.text(), await response.text()]).toEqual(["a", "a"]);
  });
});
