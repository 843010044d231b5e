import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskScope } from "../../runtime/agents/agent";
import { httpAgent } from "../../runtime/agents/http-agent";
import { assertPathOnly, PATH_ONLY_RULE, resolveAgentUrl } from "../../runtime/agents/http-path";
import { configSchema } from "../../runtime/config/schema";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";
import type { HttpPrepared, HttpResponseHead } from "../../runtime/saffron/src/host-ops";
import type { OrderHandlingResult } from "../../lib/result/build-result";
import { DATA_PROCESS, ORDER_HANDLING_LOGICS } from "../helpers/order-handling-config";
import { runtimeOf, tempDir } from "./helpers";

interface Seen {
  method?: string;
  url?: string;
  authorization?: string;
  apiKey?: string;
  cookie?: string;
  proxyAuthorization?: string;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
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
        cookie: request.headers.cookie,
        proxyAuthorization: request.headers["proxy-authorization"],
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
  response.end(JSON.stringify({ method: seen.method, path: seen.url, body: seen.body }));
};

const redirectTo = (location: string, status = 302) => (_request: IncomingMessage, response: ServerResponse) => {
  response.statusCode = status;
  response.setHeader("location", location);
  response.end();
};

async function closedOrigin(): Promise<string> {
  const { origin, server } = await serve(echo);
  servers.splice(servers.indexOf(server), 1);
  await new Promise((resolve) => server.close(resolve));
  return origin;
}

const caller = { logic: { name: "l", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };

/** One task's HttpAgent operations over these configurations. */
function attach(http: Record<string, unknown>) {
  const config = configSchema.parse({ dataProcesses: {}, agents: { http } });
  const agent = httpAgent({ config, stateDir: "/nonexistent", now: Date.now });
  return () => {
    const { ops, dispose } = agent.attach({} as TaskScope);
    const call = (name: keyof typeof ops, ...args: unknown[]) => ops[name]!(caller, ...args);
    return { ops, call, dispose: async () => dispose?.() };
  };
}

type Task = ReturnType<ReturnType<typeof attach>>;

function prepareArgs(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; configurationId?: string } = {}) {
  return {
    configurationId: init.configurationId ?? "api",
    method: init.method ?? "GET",
    path,
    headers: init.headers ?? {},
    hasBody: init.body !== undefined,
    bodyLength: init.body === undefined ? null : Buffer.byteLength(init.body),
  };
}

/** What LOC's fetch does: prepare, send, read the body to its end, close it. */
async function fetchThrough(task: Task, path: string, init: Parameters<typeof prepareArgs>[1] = {}) {
  const body = init.body === undefined ? null : new TextEncoder().encode(init.body);
  const { requestRid } = (await task.call("op_http_agent_prepare", prepareArgs(path, init), body)) as HttpPrepared;
  const head = (await task.call("op_http_agent_send", init.configurationId ?? "api", requestRid)) as HttpResponseHead;
  let text = "";
  for (let bytes; (bytes = (await task.call("op_read", head.responseRid, 64 * 1024)) as Uint8Array).byteLength > 0; ) {
    text += new TextDecoder().decode(bytes);
  }
  await task.call("op_close", head.responseRid);
  return { head, text };
}

describe("resolveAgentUrl", () => {
  it.each([
    ["http://h/api", "orders?x=1", "http://h/api/orders?x=1"],
    ["http://h/api/", "/orders", "http://h/api/orders"],
    ["http://h/api", "", "http://h/api"],
    ["http://h", "orders", "http://h/orders"],
    ["http://h/api?key=1", "orders", "http://h/api/orders?key=1"],
    ["http://h/api", "?page=2", "http://h/api?page=2"],
    ["http://h/api", "/a b/ü", "http://h/api/a%20b/%C3%BC"],
    ["http://h/api", "/\\evil.example/x", "http://h/api/evil.example/x"],
  ])("%s + %s → %s", (base, path, expected) => {
    expect(resolveAgentUrl(base, path).href).toBe(expected);
  });
});

describe("HttpAgent: path only", () => {
  it.each(["https://elsewhere.example/x", "http://127.0.0.1:1/x", "//elsewhere.example/x", "\\\\elsewhere.example\\x", "/\\elsewhere.example", "mailto:a@b.example"])(
    "refuses the full URL %s with LOC's rule",
    (path) => {
      expect(() => assertPathOnly("api", path)).toThrow(PATH_ONLY_RULE);
      expect(() => assertPathOnly("api", path)).toThrow(expect.objectContaining({ name: "TypeError" }));
    },
  );

  it.each(["/x", "x?y", "", "?page=2", "/orders/7?full=1#top", "a/b:c"])("takes the path %j", (path) => {
    expect(() => assertPathOnly("api", path)).not.toThrow();
  });

  it("refuses a full URL at prepare, sending nothing and never showing the link's query", async () => {
    const api = await serve(echo);
    const task = attach({ api: { baseUrl: api.origin } })();
    const prepare = () => task.call("op_http_agent_prepare", prepareArgs(`${api.origin}/download?signature=s3cret-sig`), null);
    expect(prepare).toThrow(expect.objectContaining({ name: "TypeError", message: expect.stringContaining("is a full URL, not a path") }));
    expect(prepare).toThrow(PATH_ONLY_RULE);
    expect(prepare).toThrow(expect.objectContaining({ message: expect.not.stringContaining("s3cret-sig") }));
    expect(api.seen).toEqual([]);
    await task.dispose();
  });
});

describe("HttpAgent: requests", () => {
  it("joins the path to the base URL and its prefix, sends the configured headers and the body, answers LOC's shapes", async () => {
    const api = await serve((request, response, seen) => {
      response.statusCode = 201;
      response.statusMessage = "Made";
      response.setHeader("x-answer", "yes");
      echo(request, response, seen);
    });
    const task = attach({ api: { baseUrl: `${api.origin}/v1`, headers: { "x-api-key": "k-1" } } })();

    expect(await task.call("op_http_agent_acquire", "api")).toBe("api");
    const body = new TextEncoder().encode('{"n":7}');
    const prepared = await task.call("op_http_agent_prepare", prepareArgs("/orders/7?full=1", { method: "post", body: '{"n":7}' }), body);
    expect(prepared).toEqual({ requestRid: expect.any(Number), requestBodyRid: null, cancelHandleRid: null });
    body.fill(0); // The prepared request keeps its own copy.
    const head = (await task.call("op_http_agent_send", "api", (prepared as HttpPrepared).requestRid)) as HttpResponseHead;

    expect(head).toEqual({
      status: 201,
      statusText: "Made",
      headers: expect.arrayContaining([["x-answer", "yes"]]),
      url: `${api.origin}/v1/orders/7?full=1`,
      responseRid: expect.any(Number),
    });
    expect(api.seen).toEqual([{ method: "POST", url: "/v1/orders/7?full=1", apiKey: "k-1", body: '{"n":7}' }]);
    await task.dispose();
  });

  it("lets the configured authentication override the logic's own Authorization", async () => {
    const api = await serve(echo);
    const task = attach({ api: { baseUrl: api.origin, headers: { Authorization: "Bearer configured" } } })();
    await fetchThrough(task, "/x", { headers: { authorization: "Bearer from-logic", "x-trace": "1" } });
    expect(api.seen[0]).toMatchObject({ authorization: "Bearer configured" });
    await task.dispose();
  });

  it("sends the logic's Authorization to the configured origin when nothing is configured", async () => {
    const api = await serve(echo);
    const task = attach({ api: { baseUrl: api.origin } })();
    await fetchThrough(task, "/x", { headers: { Authorization: "Bearer token-1" } });
    expect(api.seen[0]).toMatchObject({ authorization: "Bearer token-1" });
    await task.dispose();
  });

  it("follows a redirect to another origin without any credential, and sends them again back on the configured origin", async () => {
    const other = await serve((request, response, seen) => {
      if (seen.url === "/hop") return redirectTo(`${api.origin}/back`)(request, response);
      echo(request, response, seen);
    });
    const api = await serve((request, response, seen) => {
      if (seen.url === "/start") return redirectTo(`${other.origin}/hop`)(request, response);
      echo(request, response, seen);
    });
    const task = attach({ api: { baseUrl: api.origin, headers: { "x-api-key": "k" } } })();

    const { head, text } = await fetchThrough(task, "/start", { headers: { Authorization: "Bearer logic-token", Cookie: "session=1" } });

    expect(head).toMatchObject({ status: 200, url: `${api.origin}/back` });
    expect(JSON.parse(text)).toMatchObject({ path: "/back" });
    expect(api.seen[0]).toMatchObject({ url: "/start", authorization: "Bearer logic-token", apiKey: "k", cookie: "session=1" });
    expect(other.seen[0]).toEqual({ method: "GET", url: "/hop", authorization: undefined, apiKey: undefined, cookie: undefined, body: "" });
    expect(api.seen[1]).toMatchObject({ url: "/back", authorization: "Bearer logic-token", apiKey: "k" });
    await task.dispose();
  });

  it("never sends the configured Authorization (in any case), the configured headers or a Proxy-Authorization past the configured origin, on any hop", async () => {
    const third = await serve(echo);
    const other = await serve((request, response, seen) => {
      if (seen.url === "/hop") return redirectTo(`${third.origin}/last`, 307)(request, response);
      echo(request, response, seen);
    });
    const api = await serve((request, response, seen) => {
      if (seen.url === "/v1/start") return redirectTo(`${other.origin}/hop`, 301)(request, response);
      echo(request, response, seen);
    });
    const task = attach({ api: { baseUrl: `${api.origin}/v1`, headers: { AUTHORIZATION: "Bearer configured-secret", "X-API-KEY": "k" } } })();

    const { head } = await fetchThrough(task, "/start", { headers: { authorization: "Bearer from-logic", "Proxy-Authorization": "Basic cHJveHk6cHc=", Cookie: "s=1" } });

    expect(head).toMatchObject({ status: 200, url: `${third.origin}/last` });
    expect(api.seen[0]).toMatchObject({ authorization: "Bearer configured-secret", apiKey: "k", proxyAuthorization: "Basic cHJveHk6cHc=", cookie: "s=1" });
    for (const seen of [other.seen[0], third.seen[0]]) {
      expect(seen).toMatchObject({ method: "GET", authorization: undefined, apiKey: undefined, proxyAuthorization: undefined, cookie: undefined });
    }
    await task.dispose();
  });

  it.each([307, 308])("fails a request whose body a %i would carry to another origin (a token request's body holds the client secret)", async (status) => {
    const other = await serve(echo);
    const auth = await serve((request, response) => redirectTo(`${other.origin}/oauth/token`, status)(request, response));
    const task = attach({ api: { baseUrl: `${auth.origin}/oauth/token` } })();

    const request = fetchThrough(task, "", { method: "POST", body: '{"client_secret":"s3cret"}', headers: { "content-type": "application/json" } });

    await expect(request).rejects.toMatchObject({
      name: "TypeError",
      message: `HTTP agent "api": POST ${auth.origin}/oauth/token: redirected (${status}) to another origin, ${other.origin}; the request body is not sent there`,
    });
    expect(auth.seen).toHaveLength(1);
    expect(other.seen).toEqual([]);
    await task.dispose();
  });

  it("turns a POST into a GET without its body after a 303, and keeps it after a 307", async () => {
    const api = await serve((request, response, seen) => {
      if (seen.url === "/see-other") return redirectTo("/landed", 303)(request, response);
      if (seen.url === "/temporary") return redirectTo("/landed", 307)(request, response);
      echo(request, response, seen);
    });
    const task = attach({ api: { baseUrl: api.origin } })();

    const seeOther = await fetchThrough(task, "/see-other", { method: "POST", body: "data", headers: { "content-type": "text/plain" } });
    const temporary = await fetchThrough(task, "/temporary", { method: "POST", body: "data" });

    expect(JSON.parse(seeOther.text)).toEqual({ method: "GET", path: "/landed", body: "" });
    expect(JSON.parse(temporary.text)).toEqual({ method: "POST", path: "/landed", body: "data" });
    await task.dispose();
  });

  it("gives up after 20 redirects", async () => {
    const api = await serve((request, response) => redirectTo("/again")(request, response));
    const task = attach({ api: { baseUrl: api.origin } })();
    await expect(fetchThrough(task, "/loop")).rejects.toMatchObject({ name: "TypeError", message: expect.stringContaining("too many redirects (more than 20)") });
    expect(api.seen).toHaveLength(21);
    await task.dispose();
  });

  it("times out a request past the configuration's timeout", async () => {
    const silent = await serve(() => {});
    const task = attach({ api: { baseUrl: silent.origin, timeoutMs: 200 } })();
    await expect(fetchThrough(task, "wait")).rejects.toMatchObject({
      name: "TimeoutError",
      message: `HTTP agent "api": GET ${silent.origin}/wait timed out after 200 ms`,
    });
    await task.dispose();
  });

  it("names the agent, the method and the URL when the host cannot be reached", async () => {
    const unreachable = await closedOrigin();
    const task = attach({ api: { baseUrl: unreachable } })();
    await expect(fetchThrough(task, "/x?token=secret")).rejects.toMatchObject({
      name: "TypeError",
      message: `HTTP agent "api": GET ${unreachable}/x failed: ECONNREFUSED`,
    });
    await task.dispose();
  });
});

describe("HttpAgent: configurations", () => {
  it("refuses an unknown configuration by name", () => {
    const { call } = attach({})();
    expect(() => call("op_http_agent_acquire", "grafx")).toThrow('no HTTP agent configuration named "grafx" is configured; configured: none');
  });

  it("counts a configuration with an empty base URL as not configured, naming it and what is configured", () => {
    const { call } = attach({ "grafx-api": { baseUrl: "http://127.0.0.1:1" }, "grafx-download": { baseUrl: "" } })();
    expect(() => call("op_http_agent_acquire", "grafx-download")).toThrow(
      expect.objectContaining({
        name: "NotFound",
        message: 'no HTTP agent configuration named "grafx-download" is configured (its baseUrl is empty); configured: grafx-api',
      }),
    );
    expect(() => call("op_http_agent_prepare", prepareArgs("/x", { configurationId: "grafx-download" }), null)).toThrow(/its baseUrl is empty/);
  });
});

describe("HttpAgent: resources", () => {
  it("reads a body in fresh arrays of at most maxBytes, then an empty array at its end", async () => {
    const api = await serve((_request, response) => response.end("x".repeat(10_000)));
    const task = attach({ api: { baseUrl: api.origin } })();
    const { requestRid } = (await task.call("op_http_agent_prepare", prepareArgs("/big"), null)) as HttpPrepared;
    const head = (await task.call("op_http_agent_send", "api", requestRid)) as HttpResponseHead;

    const answers: Uint8Array[] = [];
    for (let bytes; (bytes = (await task.call("op_read", head.responseRid, 4096)) as Uint8Array).byteLength > 0; ) answers.push(bytes);

    expect(answers.reduce((sum, bytes) => sum + bytes.byteLength, 0)).toBe(10_000);
    for (const bytes of answers) {
      expect(bytes.byteLength).toBeLessThanOrEqual(4096);
      expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
      expect([bytes.byteOffset, bytes.buffer.byteLength]).toEqual([0, bytes.byteLength]);
    }
    expect(new Set(answers.map((bytes) => bytes.buffer)).size).toBe(answers.length);
    expect(await task.call("op_read", head.responseRid, 4096)).toEqual(new Uint8Array(0));
    await task.call("op_close", head.responseRid);
    await task.dispose();
  });

  it("answers BadResource for an unknown or closed id to op_close and op_read, and nothing to op_try_close", async () => {
    const api = await serve(echo);
    const task = attach({ api: { baseUrl: api.origin } })();
    const badResource = { name: "BadResource", message: "Bad resource ID" };
    const { requestRid } = (await task.call("op_http_agent_prepare", prepareArgs("/x"), null)) as HttpPrepared;
    const head = (await task.call("op_http_agent_send", "api", requestRid)) as HttpResponseHead;

    // Sending takes the prepared request: its id is gone.
    await expect(async () => task.call("op_close", requestRid)).rejects.toMatchObject(badResource);
    await expect(async () => task.call("op_http_agent_send", "api", requestRid)).rejects.toMatchObject(badResource);
    await expect(async () => task.call("op_read", head.responseRid + 100, 10)).rejects.toMatchObject(badResource);
    await expect(task.call("op_try_close", 12345)).resolves.toBeUndefined();

    await task.call("op_close", head.responseRid);
    await expect(async () => task.call("op_read", head.responseRid, 10)).rejects.toMatchObject(badResource);
    await expect(async () => task.call("op_close", head.responseRid)).rejects.toMatchObject(badResource);
    await expect(task.call("op_try_close", head.responseRid)).resolves.toBeUndefined();
    await task.dispose();
  });

  it("keeps each task's resources to itself, and releases them when the task ends", async () => {
    let unfinished: ServerResponse | undefined;
    let closedByClient = false;
    const api = await serve((_request, response) => {
      unfinished = response;
      response.write("first part");
      response.on("close", () => (closedByClient = !response.writableFinished));
    });
    const tasks = attach({ api: { baseUrl: api.origin } });
    const one = tasks();
    const other = tasks();
    const { requestRid } = (await one.call("op_http_agent_prepare", prepareArgs("/stream"), null)) as HttpPrepared;
    const head = (await one.call("op_http_agent_send", "api", requestRid)) as HttpResponseHead;

    await expect(async () => other.call("op_read", head.responseRid, 10)).rejects.toMatchObject({ name: "BadResource" });
    await one.dispose();
    await expect.poll(() => closedByClient).toBe(true);
    expect(unfinished?.writableFinished).toBe(false);
    await expect(async () => one.call("op_read", head.responseRid, 10)).rejects.toMatchObject({ name: "BadResource" });
    await expect(async () => one.call("op_http_agent_prepare", prepareArgs("/x"), null)).rejects.toThrow("the task has ended");
    await other.dispose();
  });

  it("cuts a request still waiting for its answer short when the task ends", async () => {
    const silent = await serve(() => {});
    const task = attach({ api: { baseUrl: silent.origin } })();
    const { requestRid } = (await task.call("op_http_agent_prepare", prepareArgs("/slow"), null)) as HttpPrepared;
    const sending = task.call("op_http_agent_send", "api", requestRid) as Promise<HttpResponseHead>;
    await expect.poll(() => silent.seen.length).toBe(1);

    await task.dispose();

    await expect(sending).rejects.toMatchObject({ name: "Interrupted", message: `HTTP agent "api": GET ${silent.origin}/slow was cut short: the task has ended` });
  });

  it("refuses a request whose body does not match hasBody, and a send for another configuration", async () => {
    const api = await serve(echo);
    const task = attach({ api: { baseUrl: api.origin }, other: { baseUrl: api.origin } })();
    expect(() => task.call("op_http_agent_prepare", { ...prepareArgs("/x"), hasBody: true }, null)).toThrow(/must come whole/);
    expect(() => task.call("op_http_agent_prepare", prepareArgs("/x"), new Uint8Array(1))).toThrow(/hasBody: false/);
    expect(() => task.call("op_http_agent_prepare", { ...prepareArgs("/x"), method: "GET X" }, null)).toThrow(/op_http_agent_prepare: method: expected an HTTP method/);
    const { requestRid } = (await task.call("op_http_agent_prepare", prepareArgs("/x"), null)) as HttpPrepared;
    await expect(async () => task.call("op_http_agent_send", "other", requestRid)).rejects.toThrow('was prepared for HTTP agent "api", not "other"');
    expect(api.seen).toEqual([]);
    await task.dispose();
  });
});

describe("the order data process's token, through the HTTP agents", () => {
  const TOKEN = "tok-3f1c9a7e5b2d4c6f8e0a";
  const task = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  const statusPath = (n: number) => `/grafx/api/v1/environment/sim-env/output/tasks/${task(n)}`;
  const file = (response: ServerResponse) => {
    response.setHeader("content-type", "application/pdf");
    response.end("%PDF-1.7 bytes");
  };
  const finished = (response: ServerResponse, download: string) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ links: { download } }));
  };

  it("goes to GRAFX_BASE_URL only: never after a status redirect to another origin, nor to a download link or redirect on another", async () => {
    // Another origin, which a redirect or a link may name: it answers as GraFx would.
    const elsewhere = await serve((_request, response, seen) => {
      if (seen.url === "/status/1") return finished(response, `${elsewhere.origin}/files/1`);
      if (seen.url === "/status/2") return finished(response, `/files/2`);
      file(response);
    });
    const cdn = await serve((_request, response) => file(response));
    const api = await serve((request, response, seen) => {
      if (seen.url === "/oauth/token") {
        response.setHeader("content-type", "application/json");
        return response.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600 }));
      }
      if (seen.url === statusPath(1)) return redirectTo(`${elsewhere.origin}/status/1`)(request, response);
      if (seen.url === statusPath(2)) return redirectTo(`${elsewhere.origin}/status/2`)(request, response);
      if (seen.url === statusPath(3)) return finished(response, `${elsewhere.origin}/files/3`);
      if (seen.url === statusPath(4)) return finished(response, `${api.origin}/download/4`);
      if (seen.url === statusPath(5)) return finished(response, `${cdn.origin}/files/5`);
      // GraFx's own download answering with a redirect to a storage host.
      if (seen.url === "/download/4") return redirectTo(`${elsewhere.origin}/files/4`)(request, response);
      file(response);
    });
    const dir = await tempDir();
    const config = configSchema.parse({
      stateDir: `${dir}/state`,
      dataProcesses: {
        [DATA_PROCESS]: {
          ...ORDER_HANDLING_LOGICS.sources,
          variables: {
            GRAFX_BASE_URL: api.origin,
            GRAFX_DOWNLOAD_BASE_URL: cdn.origin,
            GRAFX_CLIENT_ID: "client-1",
            GRAFX_CLIENT_SECRET: { value: "client-secret-1", secret: true },
            GRAFX_ENVIRONMENT: "sim-env",
            MAX_ATTEMPTS: "1",
          },
        },
      },
      agents: {
        http: { "grafx-api": { baseUrl: api.origin }, "grafx-auth": { baseUrl: `${api.origin}/oauth/token` }, "grafx-download": { baseUrl: cdn.origin } },
        fileStorage: { orders: { root: `${dir}/orders` } },
      },
    });
    const runtime = runtimeOf(config);
    const orders = [1, 2, 3, 4, 5].map((n) => ({ taskId: task(n), format: "pdf" }));

    const record = await runtime.execute({ dataProcesses: [DATA_PROCESS], triggerType: "Manual", payload: manualPayload(JSON.stringify({ orders }), "req-1") });

    await runtime.close(1_000);

    const result = record.result.grafx_order_handling as OrderHandlingResult;
    expect(result.orders.map((order) => [order.taskId, order.state])).toEqual([
      // The answer that came from elsewhere names a link there: no agent's, so refused; nothing fetched from it.
      [task(1), "failed"],
      // A relative link resolves against GRAFX_BASE_URL, whoever answered.
      [task(2), "downloaded"],
      [task(3), "failed"],
      [task(4), "downloaded"],
      [task(5), "downloaded"],
    ]);
    expect(result.orders[0]).toMatchObject({ reason: "bad-response", error: expect.stringContaining("which no HTTP agent of this data process reaches") });
    expect(elsewhere.seen.map((seen) => seen.url)).toEqual(["/status/1", "/status/2", "/files/4"]);
    for (const seen of [...elsewhere.seen, ...cdn.seen]) expect(seen.authorization).toBeUndefined();
    expect(api.seen.filter((seen) => seen.url !== "/oauth/token").every((seen) => seen.authorization === `Bearer ${TOKEN}`)).toBe(true);
  }, 60_000);
});
