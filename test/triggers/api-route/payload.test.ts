import type { HttpPayload } from "@fstnetwork/loc-logic-sdk";
import { describe, expect, it } from "vitest";
import { echoJson, FakeExecutor } from "../helpers/fake-executor";
import { startTestServer } from "../helpers/api-server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function httpPayload(executor: FakeExecutor, index = 0): HttpPayload {
  const payload = executor.requests[index]?.payload;
  if (!payload || !("http" in payload)) throw new Error("expected an http payload");
  return payload.http;
}

describe("the http payload an API route delivers", () => {
  it("is built from the real request: method, path, raw query, lower-case headers, body bytes, addresses", async () => {
    const executor = new FakeExecutor(echoJson, ["orders", "audit"]);
    const { server } = await startTestServer(executor, [{ method: "PATCH", path: "/grafx/orders", dataProcesses: ["orders", "audit"] }]);
    const body = new Uint8Array([0x7b, 0x00, 0xff, 0x80, 0x0a, 0x7d]);

    const response = await fetch(`${server.url}/grafx/orders?a=1&b=two%20words&a=3`, {
      method: "PATCH",
      body,
      headers: { "X-Custom-Thing": "Value With Case", "Content-Type": "application/octet-stream" },
    });

    const http = httpPayload(executor);
    expect(http.request).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      path: "/grafx/orders",
      query: "a=1&b=two%20words&a=3",
      scheme: "http",
      method: "PATCH",
      version: "HTTP/1.1",
      data: [0x7b, 0x00, 0xff, 0x80, 0x0a, 0x7d],
    });
    expect(http.request.headers).toMatchObject({
      "x-custom-thing": "Value With Case",
      "content-type": "application/octet-stream",
      "content-length": "6",
    });
    expect(Object.keys(http.request.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(http.source).toEqual({ address: { socketAddr: { address: expect.stringMatching(/^127\.0\.0\.1:\d+$/), protocol: "tcp" } } });
    expect(http.source).not.toEqual(http.destination);
    expect(http.destination).toEqual({ address: { socketAddr: { address: `127.0.0.1:${server.port}`, protocol: "tcp" } } });
    expect(http.requestId).toMatch(UUID);
    expect(http.requestId).toBe(response.headers.get("x-request-id"));
    expect(http.apiRouteIdentityContext).toEqual({ id: expect.stringMatching(UUID), name: "PATCH /grafx/orders" });
    expect(http.apiGatewayIdentityContext.id).toMatch(UUID);

    expect(executor.requests[0]).toMatchObject({
      dataProcesses: ["orders", "audit"],
      triggerType: "ApiRoute",
      triggerMetadata: { method: "PATCH", path: "/grafx/orders", requestId: http.requestId },
    });
    // The route's wait is its own: the data process's timeout bounds the execution.
    expect(executor.requests[0]?.timeoutMs).toBeUndefined();
  });

  it("gives each request its own id and each route an identity that survives a restart", async () => {
    const executor = new FakeExecutor(echoJson);
    const first = await startTestServer(executor, [{ method: "POST", path: "/a" }, { method: "POST", path: "/b" }]);
    await fetch(`${first.server.url}/a`, { method: "POST" });
    await fetch(`${first.server.url}/a`, { method: "POST" });
    await fetch(`${first.server.url}/b`, { method: "POST" });
    await first.server.close();
    const second = await startTestServer(executor, [{ method: "POST", path: "/a" }]);
    await fetch(`${second.server.url}/a`, { method: "POST" });

    const [a1, a2, b, a3] = [0, 1, 2, 3].map((index) => httpPayload(executor, index));
    expect(a1!.requestId).not.toBe(a2!.requestId);
    expect(a1!.apiRouteIdentityContext).toEqual(a3!.apiRouteIdentityContext);
    expect(b!.apiRouteIdentityContext.id).not.toBe(a1!.apiRouteIdentityContext.id);
    expect(a1!.request.data).toEqual([]);
    expect(a1!.request.query).toBe("");
  });
});
