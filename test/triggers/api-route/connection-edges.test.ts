import { connect } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { deferred } from "../helpers/deferred";
import { echoJson, FakeExecutor } from "../helpers/fake-executor";
import { startTestServer } from "../helpers/api-server";
import type { LogRecorder } from "../helpers/log-recorder";
import { rawExchange, type RawResponse } from "./raw-http";

const ROUTE = { method: "POST", path: "/grafx/orders" } as const;

function post(body: string, path: string = ROUTE.path): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The handlers that ended (answered, or dropped because the client left). */
function handlersEnded(logs: LogRecorder): number {
  return logs.events.filter((event) => event.msg === "api route request" || event.msg === "api route request aborted by the client").length;
}

/** The JSON sentence a refusal carries. */
function errorOf(response: RawResponse | undefined): string {
  expect(response?.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(response!.body);
  expect(body._status).toBe(response!.status);
  return body.data.error;
}

/** An execution that takes a while, as a real one does. */
const slowEcho = new FakeExecutor(async (request) => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return echoJson(request);
});

describe("API route requests whose client leaves early", () => {
  it("ends every handler when the client half-closes after five pipelined POSTs, so shutdown does not wait for them", async () => {
    const { server, logs } = await startTestServer(slowEcho, [ROUTE], { shutdownGraceMs: 10_000 });

    const exchange = await rawExchange(server.port, Array.from({ length: 5 }, (_, i) => post(`{"n":${i}}`)).join(""), { then: "half-close" });
    await vi.waitFor(() => expect(handlersEnded(logs)).toBe(5), { timeout: 3_000 });
    const started = performance.now();
    await server.close();

    expect(exchange.timedOut).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(logs.events.some((event) => event.msg === "api route server shutdown grace elapsed")).toBe(false);
  });

  it("stops waiting for an execution once its client is gone, and lets the execution go on", async () => {
    const release = deferred();
    const executor = new FakeExecutor(async () => {
      await release.promise;
      return { result: { finished: true } };
    });
    const { server, logs } = await startTestServer(executor, [ROUTE]);
    const arrived = executor.nextRequest();
    const socket = connect(server.port, "127.0.0.1", () => socket.write(post("{}")));
    await arrived;

    socket.resetAndDestroy();
    const aborted = await vi.waitFor(() => {
      const line = logs.events.find((event) => event.msg === "api route request aborted by the client");
      if (!line) throw new Error("the handler still waits for its execution");
      return line;
    }, { timeout: 2_000 });
    release.resolve();

    expect(aborted.executionId).toEqual(expect.any(String));
    expect(await executor.finished(String(aborted.executionId))).toMatchObject({ result: { finished: true } });
  });

  it("answers a body cut short by a half-close with 400 saying so, and runs nothing", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server, logs } = await startTestServer(executor, [ROUTE]);

    const exchange = await rawExchange(server.port, `POST ${ROUTE.path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"orders":`, { then: "half-close" });

    expect(exchange.responses.map((response) => response.status)).toEqual([400]);
    expect(errorOf(exchange.responses[0])).toMatch(/closed its side of the connection before the request was complete/);
    await vi.waitFor(() => expect(handlersEnded(logs)).toBe(1), { timeout: 2_000 });
    expect(executor.requests).toHaveLength(0);
  });
});

describe("API route requests node's HTTP parser takes or refuses", () => {
  it("answers a transfer coding other than plain chunked with 501 and a sentence, never as an empty body", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [ROUTE]);
    const coded = (codings: string) => rawExchange(server.port, `POST ${ROUTE.path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${codings}\r\n\r\n2\r\n{}\r\n0\r\n\r\n`);

    const [gzipChunked, deflateChunked, gzipOnly] = await Promise.all([coded("gzip, chunked"), coded("deflate,chunked"), coded("gzip")]);

    expect(gzipChunked.responses.map((response) => response.status)).toEqual([501]);
    expect(errorOf(gzipChunked.responses[0])).toBe('Transfer-Encoding "gzip, chunked" is not supported: send the body as is or with "chunked" alone');
    expect(deflateChunked.responses.map((response) => response.status)).toEqual([501]);
    expect(gzipOnly.responses.map((response) => response.status)).toEqual([501]);
    expect(errorOf(gzipOnly.responses[0])).toMatch(/^Transfer-Encoding "gzip" is not supported/);
    expect(executor.requests).toHaveLength(0);
  });

  it("answers a request line without an HTTP version (or not HTTP/1.x) with 400, never as an empty body", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [ROUTE]);

    const [bare, withHeaders, http2] = await Promise.all([
      rawExchange(server.port, `POST ${ROUTE.path}\r\n\r\n`),
      rawExchange(server.port, `POST ${ROUTE.path}\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`),
      rawExchange(server.port, `POST ${ROUTE.path} HTTP/2.0\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`),
    ]);

    for (const exchange of [bare, withHeaders]) {
      expect(exchange.responses.map((response) => response.status)).toEqual([400]);
      expect(errorOf(exchange.responses[0])).toBe("the request line has no HTTP version (HTTP/0.9): send HTTP/1.1 (or HTTP/1.0)");
    }
    expect(http2.responses.map((response) => response.status)).toEqual([400]);
    expect(errorOf(http2.responses[0])).toMatch(/HTTP\/2\.0: send HTTP\/1\.1/);
    expect(executor.requests).toHaveLength(0);
  });

  it("answers an HTTP/1.1 request without Host with 400 and a sentence, not node's bare 400", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [ROUTE]);

    const exchange = await rawExchange(server.port, `POST ${ROUTE.path} HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}`);

    expect(exchange.responses.map((response) => response.status)).toEqual([400]);
    expect(errorOf(exchange.responses[0])).toBe("an HTTP/1.1 request needs a Host header");
    expect(executor.requests).toHaveLength(0);
  });

  it("answers CONNECT with 501 and a sentence instead of closing without an answer", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server, logs } = await startTestServer(executor, [ROUTE]);

    const exchange = await rawExchange(server.port, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", { then: "keep-open" });

    expect(exchange.responses.map((response) => response.status)).toEqual([501]);
    expect(errorOf(exchange.responses[0])).toMatch(/^CONNECT is not supported/);
    expect(exchange.closedByServer).toBe(true);
    expect(logs.events).toContainEqual(expect.objectContaining({ msg: "api route request", method: "CONNECT", status: 501 }));
  });

  it("answers a 70 KB URL with 414, oversized headers with 431 and a 10 KB URL with 414, each with a sentence", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server, logs } = await startTestServer(executor, [ROUTE]);
    const longPath = `/${"a".repeat(70_000)}`;

    const [viaFetch, longUrl, bigHeader, tenKb] = await Promise.all([
      fetch(`${server.url}${longPath}`, { method: "POST", body: "{}" }),
      rawExchange(server.port, post("{}", longPath), { then: "keep-open" }),
      rawExchange(server.port, `POST ${ROUTE.path} HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(70_000)}\r\nContent-Length: 2\r\n\r\n{}`, { then: "keep-open" }),
      rawExchange(server.port, post("{}", `/${"c".repeat(10_000)}`), { then: "keep-open" }),
    ]);

    expect(viaFetch.status).toBe(414);
    expect((await viaFetch.json()).data.error).toMatch(/send a shorter URL/);
    expect(longUrl.responses.map((response) => response.status)).toEqual([414]);
    expect(bigHeader.responses.map((response) => response.status)).toEqual([431]);
    expect(errorOf(bigHeader.responses[0])).toMatch(/header fields are larger than/);
    expect(tenKb.responses.map((response) => response.status)).toEqual([414]);
    expect(errorOf(tenKb.responses[0])).toMatch(/request target is 10001 bytes long; at most 8192/);
    expect(tenKb.responses[0]!.body.length).toBeLessThan(2_000);
    expect(executor.requests).toHaveLength(0);
    expect(Math.max(...logs.lines().map((line) => line.length))).toBeLessThan(2_000);
  });

  it("lets a client that keeps sending after a refused request line read its 414 rather than a reset", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [ROUTE]);
    const head = `POST /${"a".repeat(70_000)} HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n`;

    const exchange = await rawExchange(server.port, [head, ...Array.from({ length: 64 }, () => Buffer.alloc(65_536, 0x20))], { then: "keep-open" });

    expect(exchange.responses.map((response) => response.status)).toEqual([414]);
    expect(exchange.error).toBeUndefined();
  });

  it("closes a connection after answering a request that asks for an Upgrade, so a request pipelined behind it is not left waiting", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server } = await startTestServer(executor, [ROUTE]);
    const upgrade = `POST ${ROUTE.path} HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nContent-Length: 2\r\n\r\n{}`;

    const exchange = await rawExchange(server.port, upgrade + post('{"second":true}'), { then: "keep-open", expectResponses: 2, timeoutMs: 3_000 });

    expect(exchange.timedOut).toBe(false);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.responses.map((response) => response.status)).toEqual([200]);
    expect(exchange.responses[0]!.headers.connection).toBe("close");
  });

  it("answers 408 for a body that stops arriving, also one node's parser stops delivering after an Upgrade request", async () => {
    const executor = new FakeExecutor(echoJson);
    const { server, logs } = await startTestServer(executor, [ROUTE], { bodyIdleTimeoutMs: 300 });
    const upgrade = `PUT ${ROUTE.path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnope\r\n0\r\n\r\n`;

    const [stalled, afterUpgrade] = await Promise.all([
      rawExchange(server.port, `POST ${ROUTE.path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"orders":`, { then: "keep-open", expectResponses: 1, timeoutMs: 3_000 }),
      rawExchange(server.port, upgrade.replace("PUT", "POST"), { then: "keep-open", expectResponses: 1, timeoutMs: 3_000 }),
    ]);

    for (const exchange of [stalled, afterUpgrade]) {
      expect(exchange.timedOut).toBe(false);
      expect(exchange.responses.map((response) => response.status)).toEqual([408]);
      expect(errorOf(exchange.responses[0])).toBe("the request body stopped arriving: no data for 0.3 s");
    }
    expect(executor.requests).toHaveLength(0);
    await vi.waitFor(() => expect(handlersEnded(logs)).toBe(2), { timeout: 2_000 });
  });

  it("answers a malformed request pipelined behind a good one after the good one's answer, in order", async () => {
    const { server } = await startTestServer(slowEcho, [ROUTE]);

    const exchange = await rawExchange(server.port, `${post('{"first":true}')}BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n`, { then: "keep-open", expectResponses: 2 });

    expect(exchange.responses.map((response) => response.status)).toEqual([200, 400]);
    expect(JSON.parse(exchange.responses[0]!.body).data).toEqual({ echo: { first: true } });
    expect(errorOf(exchange.responses[1])).toMatch(/^malformed HTTP request \(HPE_INVALID_METHOD\)/);
  });
});
