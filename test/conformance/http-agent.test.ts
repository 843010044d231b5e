/**
 * HttpAgent against a real HTTP server on 127.0.0.1: the configuration names the host (and a
 * path prefix, and headers); the logic gives paths only, as on LOC.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { logsOf, runOnce } from "./harness";

interface Seen {
  method: string;
  url: string;
  contentType: string | null;
  apiKey: string | null;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Answers every request with what it saw, as JSON: 201 for POST, 200 otherwise. */
async function resourceServer(): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry: Seen = {
        method: request.method ?? "",
        url: request.url ?? "",
        contentType: request.headers["content-type"] ?? null,
        apiKey: (request.headers["x-api-key"] as string | undefined) ?? null,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(entry);
      response.statusCode = entry.method === "POST" ? 201 : 200;
      response.setHeader("content-type", "application/json");
      response.setHeader("x-resource", entry.method);
      response.end(JSON.stringify(entry));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const agents = (origin: string) => ({
  http: { "test-http-server": { baseUrl: `${origin}/api`, headers: { "x-api-key": "configured-key" } } },
});

/** A body the logic kept as bytes, parsed as the JSON the server answered. */
function jsonOfBytes(value: unknown): unknown {
  return JSON.parse(new TextDecoder().decode(Uint8Array.from((value as { bytes: number[] }).bytes)));
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

describe("HttpAgent", () => {
  it("GET / POST / PUT / PATCH / DELETE by path, a Request with a bare path included: status, headers and body as the server sent them", async () => {
    const { origin, seen } = await resourceServer();
    const keys = [...METHODS.flatMap((method) => [`${method}.status`, `${method}.headers`, `${method}.body`]), "PUT.requestUrl"];
    const record = await runOnce(
      { generic: ["agents/http.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: keys.join(",") } },
      { agents: agents(origin) },
    );
    const session = record.result.session as Record<string, unknown>;

    expect(logsOf(record, "http")).toEqual([
      { level: "info", message: "test TestHttp" },
      { level: "info", message: "complete TestHttp" },
    ]);
    expect(seen).toEqual([
      { method: "GET", url: "/api/resource", contentType: null, apiKey: "configured-key", body: "" },
      { method: "POST", url: "/api/resource", contentType: "application/json", apiKey: "configured-key", body: '{"a":33}' },
      {
        method: "PUT",
        url: "/api/resource/1",
        contentType: "application/json",
        apiKey: "configured-key",
        body: '{"data1":"put mock data1","data2":"put mock data2"}',
      },
      { method: "PATCH", url: "/api/resource/1", contentType: "application/json", apiKey: "configured-key", body: '{"data1":"put mock data1"}' },
      {
        method: "DELETE",
        url: "/api/resource/1",
        contentType: "application/x-www-form-urlencoded",
        apiKey: "configured-key",
        body: "userName=test%40gmail.com&password=Password%21&grant_type=password",
      },
    ]);
    expect(METHODS.map((method) => session[`${method}.status`])).toEqual([200, 201, 200, 200, 200]);
    for (const method of METHODS) {
      expect(session[`${method}.headers`]).toMatchObject({ "content-type": "application/json", "x-resource": method });
    }
    expect(jsonOfBytes(session["GET.body"])).toEqual(seen[0]);
    expect(jsonOfBytes(session["POST.body"])).toEqual(seen[1]);
    expect(session["PUT.body"]).toEqual(seen[2]);
    expect(session["PUT.requestUrl"]).toBe("/resource/1");
    expect(jsonOfBytes(session["PATCH.body"])).toEqual(seen[3]);
    expect(jsonOfBytes(session["DELETE.body"])).toEqual(seen[4]);
  });

  it("throws LOC's path-only error for a full URL, as a string or a Request, and for //host; nothing is sent", async () => {
    const { origin, seen } = await resourceServer();
    const record = await runOnce(
      {
        generic: ["agents/http-full-url.ts"],
        aggregator: "session-report.ts",
        variables: { REPORT_KEYS: "fullUrl", FULL_URL: `${origin}/api/resource?fromFullUrl=1` },
      },
      { agents: agents(origin) },
    );
    const pathOnly = { name: "TypeError", message: expect.stringMatching(/is a full URL.*path only.*using a full URL \(host \+ path\) would throw an error/) };
    expect(record.result).toEqual({
      session: { fullUrl: { string: pathOnly, request: pathOnly, schemeRelative: pathOnly, path: { fetched: 200 } } },
    });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(["GET /api/resource?after=full-urls"]);
  });

  it("fails acquiring a configuration that does not exist, naming it: the railway switches", async () => {
    const record = await runOnce({ generic: ["agents/http-unknown-agent.ts"], aggregator: "session-report.ts" });
    expect(record.result).toMatchObject({
      railwayError: { name: "NotFound", message: expect.stringContaining('no HTTP agent configuration named "no-such-server"') },
    });
    expect(record.tasks[0]?.railwayError).toMatchObject({ logic: "http-unknown-agent" });
  });
});
