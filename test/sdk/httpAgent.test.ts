import { afterEach, describe, expect, it } from "vitest";
import { HttpAgent } from "@fstnetwork/loc-logic-sdk";
import type { HttpAgentRequest, HttpAgentResponseHead } from "../../sdk/src/host/ops";
import { installFakeDeno, type FakeDeno } from "./fakeDeno";

let deno: FakeDeno;
afterEach(() => deno.restore());

const encoder = new TextEncoder();

function head(overrides: Partial<HttpAgentResponseHead> = {}): HttpAgentResponseHead {
  return {
    status: 200,
    statusText: "OK",
    url: "https://grafx.example/api/orders/1",
    headers: [["content-type", "application/json"]],
    bodyRid: 7,
    ...overrides,
  };
}

/** A host whose response body is the given chunks, served one per op_http_agent_body_read. */
function hostServing(chunks: string[], responseHead = head()) {
  const pending = chunks.map((chunk) => encoder.encode(chunk));
  return installFakeDeno({
    op_http_agent_acquire: () => "http-cfg",
    op_http_agent_fetch: () => responseHead,
    op_http_agent_body_read: () => pending.shift() ?? null,
  });
}

describe("HttpAgent", () => {
  it("sends a relative URL as written, with method, headers and body bytes", async () => {
    deno = hostServing([]);
    const client = await HttpAgent.acquire("grafx");
    await client.fetch("/api/orders?state=open", {
      method: "POST",
      headers: { "content-type": "application/json", "x-trace": "t1" },
      body: JSON.stringify({ id: 1 }),
    });
    expect(deno.callsOf("op_http_agent_acquire")).toEqual([["grafx"]]);
    const [request] = deno.callsOf("op_http_agent_fetch")[0] as [HttpAgentRequest];
    expect(request).toMatchObject({ configurationId: "http-cfg", url: "/api/orders?state=open", method: "POST" });
    expect(request.headers).toEqual(expect.arrayContaining([["content-type", "application/json"], ["x-trace", "t1"]]));
    expect(new TextDecoder().decode(request.body!)).toBe('{"id":1}');
  });

  it("sends an absolute URL or a Request as is, and no body for a GET", async () => {
    deno = hostServing([]);
    const client = await HttpAgent.acquire("grafx");
    await client.fetch(new URL("https://other.example/x"));
    await client.fetch(new Request("https://other.example/y", { method: "PUT", body: "b" }));
    const [[first], [second]] = deno.callsOf("op_http_agent_fetch") as [[HttpAgentRequest], [HttpAgentRequest]];
    expect(first).toMatchObject({ url: "https://other.example/x", method: "GET", body: null });
    expect(second).toMatchObject({ url: "https://other.example/y", method: "PUT", body: encoder.encode("b") });
  });

  it("answers a Response with status, headers and the final URL, streaming the body chunk by chunk", async () => {
    deno = hostServing(['{"id":', "1}"]);
    const client = await HttpAgent.acquire("grafx");
    const response = await client.fetch("/api/orders/1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.url).toBe("https://grafx.example/api/orders/1");
    expect(deno.callsOf("op_http_agent_body_read")).toHaveLength(0);

    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"id":');
    expect(deno.callsOf("op_http_agent_body_read")).toEqual([[7]]);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("1}");
    expect((await reader.read()).done).toBe(true);
    expect(deno.callsOf("op_http_agent_body_read")).toHaveLength(3);
  });

  it("reads a whole body with the usual Response methods", async () => {
    deno = hostServing(['{"id":', "1}"]);
    const response = await (await HttpAgent.acquire("grafx")).fetch("/api/orders/1");
    expect(await response.json()).toEqual({ id: 1 });
  });

  it("releases the host's body when the logic cancels it, and reads no more", async () => {
    deno = hostServing(["a", "b", "c"]);
    const response = await (await HttpAgent.acquire("grafx")).fetch("/big");
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(deno.callsOf("op_http_agent_body_close")).toEqual([[7]]);
    expect(deno.callsOf("op_http_agent_body_read")).toHaveLength(1);
  });

  it("gives no body for a 204 and releases the host's at once", async () => {
    deno = hostServing([], head({ status: 204, statusText: "No Content", headers: [] }));
    const response = await (await HttpAgent.acquire("grafx")).fetch("/api/orders/1", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(deno.callsOf("op_http_agent_body_close")).toEqual([[7]]);
  });

  it("rejects when the signal aborts before the response arrives, releasing the late body", async () => {
    let answer!: (value: HttpAgentResponseHead) => void;
    let fetchCalled!: () => void;
    let bodyClosed!: (rid: number) => void;
    const fetchReachedHost = new Promise<void>((resolve) => (fetchCalled = resolve));
    const closedRid = new Promise<number>((resolve) => (bodyClosed = resolve));
    deno = installFakeDeno({
      op_http_agent_acquire: () => "http-cfg",
      op_http_agent_fetch: () => {
        fetchCalled();
        return new Promise<HttpAgentResponseHead>((resolve) => (answer = resolve));
      },
      op_http_agent_body_close: (rid: number) => bodyClosed(rid),
    });
    const controller = new AbortController();
    const fetching = (await HttpAgent.acquire("grafx")).fetch("/slow", { signal: controller.signal });
    await fetchReachedHost;
    controller.abort();
    await expect(fetching).rejects.toMatchObject({ name: "AbortError" });
    answer(head({ bodyRid: 9 }));
    expect(await closedRid).toBe(9);
  });

  it("errors the body and releases it when the signal aborts mid-read", async () => {
    deno = hostServing(["a", "b"]);
    const controller = new AbortController();
    const response = await (await HttpAgent.acquire("grafx")).fetch("/big", { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    expect(deno.callsOf("op_http_agent_body_close")).toEqual([[7]]);
  });
});
