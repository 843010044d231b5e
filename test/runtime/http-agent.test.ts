import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { HttpAgentResponseHead } from "../../sdk/src/host/ops";
import { httpAgent, resolveAgentUrl } from "../../runtime/agents/http-agent";
import type { TaskScope } from "../../runtime/agents/agent";
import { configSchema } from "../../runtime/config/schema";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  apiKey?: string;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry: Seen = {
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        apiKey: request.headers["x-api-key"] as string | undefined,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(entry);
      handler(request, response, entry);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const echo = (_request: IncomingMessage, response: ServerResponse, seen: Seen) => {
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify({ path: seen.url, body: seen.body }));
};

async function closedOrigin(): Promise<string> {
  const { origin, server } = await serve(echo);
  servers.splice(servers.indexOf(server), 1);
  await new Promise((resolve) => server.close(resolve));
  return origin;
}

describe("resolveAgentUrl", () => {
  it.each([
    ["http://h/api", "orders?x=1", "http://h/api/orders?x=1"],
    ["http://h/api/", "/orders", "http://h/api/orders"],
    ["http://h/api", "", "http://h/api"],
    ["http://h", "orders", "http://h/orders"],
    ["http://h/api?key=1", "orders", "http://h/api/orders?key=1"],
    ["http://h/api", "?page=2", "http://h/api?page=2"],
    ["http://h/api", "https://elsewhere/x", "https://elsewhere/x"],
  ])("%s + %s → %s", (base, url, expected) => {
    expect(resolveAgentUrl(base, url).href).toBe(expected);
  });
});

describe("HttpAgent in a logic", () => {
  it("fetches relative paths against the base URL with its headers, which never go to another origin", async () => {
    const api = await serve(echo);
    const other = await serve(echo);
    const runtime = runtimeOf(
      configOf(
        await tempDir(),
        {
          calls: {
            generic: ["http-generic.ts"],
            aggregator: "report-session.ts",
            variables: { REPORT_KEYS: "http", OTHER_ORIGIN: other.origin, UNREACHABLE: await closedOrigin() },
          },
        },
        { agents: { http: { api: { baseUrl: `${api.origin}/v1`, headers: { Authorization: "Bearer configured-token", "x-api-key": "k-1" } } } } },
      ),
    );
    const record = await runtime.execute(manually(["calls"]));
    expect(record.tasks[0]?.railwayError).toBeUndefined();
    expect(api.seen).toEqual([
      { method: "POST", url: "/v1/orders/7?full=1", authorization: "Bearer configured-token", apiKey: "k-1", body: '{"n":7}' },
    ]);
    expect(other.seen).toEqual([{ method: "GET", url: "/echo", authorization: undefined, apiKey: undefined, body: "" }]);
    const report = (record.result.session as { http: Record<string, unknown> }).http;
    expect(report.relative).toEqual({ status: 200, body: { path: "/v1/orders/7?full=1", body: '{"n":7}' } });
    expect(report.unreachable).toEqual({
      name: "TypeError",
      message: expect.stringMatching(/^HTTP agent "api": GET http:\/\/127\.0\.0\.1:\d+\/x failed: ECONNREFUSED$/),
    });
  });
});

describe("HttpAgent operations", () => {
  function agentOps(http: Record<string, unknown>) {
    const config = configSchema.parse({ dataProcesses: {}, agents: { http } });
    return httpAgent({ config, stateDir: "/nonexistent", now: Date.now }).attach({} as TaskScope);
  }
  const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };
  const request = (url: string) => ({ configurationId: "api", url, method: "GET", headers: [], body: null });

  it("drops the configured headers when a redirect leaves the base URL's origin", async () => {
    const other = await serve(echo);
    const api = await serve((_request, response) => {
      response.statusCode = 302;
      response.setHeader("location", `${other.origin}/landed`);
      response.end();
    });
    const { ops, dispose } = agentOps({ api: { baseUrl: api.origin, headers: { authorization: "Bearer t", "x-api-key": "k" } } });
    const head = (await ops.op_http_agent_fetch!(caller, request("start"))) as HttpAgentResponseHead;
    expect(head).toMatchObject({ status: 200, url: `${other.origin}/landed` });
    expect(api.seen[0]).toMatchObject({ authorization: "Bearer t", apiKey: "k" });
    expect(other.seen[0]).toMatchObject({ authorization: undefined, apiKey: undefined });
    let body = "";
    for (let chunk; (chunk = (await ops.op_http_agent_body_read!(caller, head.bodyRid)) as Uint8Array | null); ) {
      body += new TextDecoder().decode(chunk);
    }
    expect(JSON.parse(body)).toEqual({ path: "/landed", body: "" });
    await dispose?.();
  });

  it("times out a request past the configuration's timeout", async () => {
    const silent = await serve(() => {});
    const { ops, dispose } = agentOps({ api: { baseUrl: silent.origin, timeoutMs: 200 } });
    await expect(ops.op_http_agent_fetch!(caller, request("wait"))).rejects.toMatchObject({
      name: "TimeoutError",
      message: `HTTP agent "api": GET ${silent.origin}/wait timed out after 200 ms`,
    });
    await dispose?.();
    silent.server.closeAllConnections();
  });

  it("refuses an unknown configuration by name", () => {
    const { ops } = agentOps({});
    expect(() => ops.op_http_agent_acquire!(caller, "grafx")).toThrow('no HTTP agent configuration named "grafx" (configured: none)');
  });
});
