/**
 * The local console: LOC Studio's execution view for the local runtime, on its own port beside the
 * API route server (so it can never shadow a configured route). Loopback only; requests must name
 * this host (no DNS rebinding), and a change (run, re-run) must be a JSON POST from the console's
 * own origin, so no other web page the user opens can start executions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalRuntime } from "../executor";
import { ActivityStream } from "./activity-stream";
import { listDataProcesses, listExecutions, readJson, rerunExecution, runManually, showExecution, type ApiAnswer } from "./console-api";
import { loadPageAssets, type PageAsset } from "./page-assets";
import { listen } from "../listen";

export interface ConsoleOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  bodyLimitBytes?: number;
}

export interface ConsoleServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function sendJson(response: ServerResponse, answer: ApiAnswer): void {
  const text = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...answer.headers,
  });
  response.end(text);
}

function sendAsset(response: ServerResponse, asset: PageAsset): void {
  response.writeHead(200, { ...SECURITY_HEADERS, "content-type": asset.contentType, "content-length": asset.body.length });
  response.end(asset.body);
}

const refuse = (status: number, message: string): ApiAnswer => ({ status, body: { error: message, issues: [message] } });

export async function startConsoleServer(runtime: LocalRuntime, options: ConsoleOptions): Promise<ConsoleServer> {
  const assets = await loadPageAssets();
  const events = new ActivityStream(runtime);
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  let origin = "";
  let hosts = new Set<string>();

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<ApiAnswer | "sent"> {
    if (!hosts.has(request.headers.host ?? "")) return refuse(421, `host "${request.headers.host ?? ""}": the console answers only as ${origin}`);
    const url = new URL(request.url ?? "/", origin);
    const method = request.method ?? "GET";
    const path = url.pathname;
    if (method === "GET" || method === "HEAD") {
      const asset = assets.get(path === "/index.html" ? "/" : path);
      if (asset) return sendAsset(response, asset), "sent";
      if (path === "/api/events") return events.attach(response), "sent";
      if (path === "/api/data-processes") return listDataProcesses(runtime);
      if (path === "/api/executions") return listExecutions(runtime, url.searchParams);
      const id = /^\/api\/executions\/([^/]+)$/.exec(path)?.[1];
      if (id !== undefined) return showExecution(runtime, decodeURIComponent(id));
      return refuse(404, `nothing at ${path}`);
    }
    if (method !== "POST") return { ...refuse(405, `method ${method} is not allowed`), headers: { allow: "GET, HEAD, POST" } };
    const sentFrom = request.headers.origin;
    if (sentFrom !== undefined && !hosts.has(sentFrom.replace(/^http:\/\//, ""))) return refuse(403, `origin ${sentFrom}: changes are accepted from the console's own page only`);
    if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) return refuse(415, "request: send JSON (content-type: application/json)");
    const body = await readJson(request, limit);
    if (!body.ok) return body.answer;
    if (path === "/api/executions") return runManually(runtime, body.value);
    const rerun = /^\/api\/executions\/([^/]+)\/rerun$/.exec(path)?.[1];
    if (rerun !== undefined) return rerunExecution(runtime, decodeURIComponent(rerun));
    return refuse(404, `nothing at ${path}`);
  }

  const server = createServer((request, response) => {
    answer(request, response).then(
      (result) => {
        if (result !== "sent") sendJson(response, result);
      },
      (error: unknown) => {
        if (!response.headersSent) sendJson(response, refuse(500, `console: ${(error as Error).message}`));
        else response.destroy();
      },
    );
  });
  try {
    await listen(server, options.port, options.host, { name: "console", change: "set console.port, pass --console-port N, or --no-console" });
  } catch (error) {
    events.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  origin = `http://${shownHost}:${port}`;
  hosts = new Set([`${shownHost}:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/`,
    async close() {
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
