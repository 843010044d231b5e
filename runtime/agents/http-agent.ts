/**
 * HttpAgent: each configuration name maps to a base URL, headers and a per-request timeout. The
 * request goes out with Node's real `fetch`; the body comes back through a resource id, a few
 * MiB at most per read (./http-body). Configured headers (credentials, usually) only ever go to
 * the base URL's origin, redirects included.
 */
import { z } from "zod";
import type { HttpAgentConfig } from "../config/schema";
import type { HttpAgentResponseHead } from "../../sdk/src/host/ops";
import { HostOpError, parseArg, type AgentFactory } from "./agent";
import { ReadAheadBody } from "./http-body";

const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * An absolute URL as is; a relative one appended to the base URL's path (`https://h/api` +
 * `orders?x=1` or `/orders?x=1` → `https://h/api/orders?x=1`), the way a LOC HTTP agent
 * configuration's host and path prefix a logic's request.
 */
export function resolveAgentUrl(baseUrl: string, url: string): URL {
  if (URL.canParse(url)) return new URL(url);
  const base = new URL(baseUrl);
  const suffixAt = url.search(/[?#]/);
  const path = suffixAt === -1 ? url : url.slice(0, suffixAt);
  const suffix = suffixAt === -1 ? "" : url.slice(suffixAt);
  const basePath = base.pathname.replace(/\/+$/, "");
  const joined = path === "" ? base.pathname : `${basePath}/${path.replace(/^\/+/, "")}`;
  const resolved = new URL(joined, base.origin);
  if (suffix.startsWith("?") || suffix.startsWith("#")) return new URL(suffix, resolved);
  resolved.search = base.search;
  return resolved;
}

/** A URL safe to show in a message: no credentials, no query. */
function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

const hostRequest = z.object({
  configurationId: z.string(),
  url: z.string(),
  method: z.string().min(1),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.instanceof(Uint8Array).nullable(),
});
type HostRequest = z.infer<typeof hostRequest>;

interface OpenBody {
  reader: ReadAheadBody;
  describe: (error: unknown) => HostOpError;
}

class HttpClient {
  constructor(
    readonly name: string,
    private readonly config: HttpAgentConfig,
  ) {}

  async fetch(request: HostRequest, bodies: Map<number, OpenBody>, nextRid: () => number): Promise<HttpAgentResponseHead> {
    const baseOrigin = new URL(this.config.baseUrl).origin;
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    let url = resolveAgentUrl(this.config.baseUrl, request.url);
    let method = request.method.toUpperCase();
    // The bytes arrived by structured clone: a plain ArrayBuffer underneath.
    let body = request.body as Uint8Array<ArrayBuffer> | null;
    const requestHeaders = new Headers(request.headers);
    const describe = (error: unknown) => this.describeFailure(error, signal, method, url);
    try {
      for (let redirects = 0; ; redirects++) {
        const headers = new Headers(requestHeaders);
        if (url.origin === baseOrigin) {
          for (const [name, value] of Object.entries(this.config.headers)) if (!headers.has(name)) headers.set(name, value);
        }
        const response = await fetch(url, { method, headers, body, redirect: "manual", signal });
        const location = response.headers.get("location");
        if (!REDIRECT_STATUSES.has(response.status) || location === null || redirects >= MAX_REDIRECTS) {
          const bodyRid = nextRid();
          if (response.body) bodies.set(bodyRid, { reader: new ReadAheadBody(response.body.getReader()), describe });
          return { status: response.status, statusText: response.statusText, url: url.href, headers: [...response.headers], bodyRid };
        }
        await response.body?.cancel();
        const next = new URL(location, url);
        if (next.origin !== url.origin) requestHeaders.delete("authorization");
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
          method = method === "HEAD" ? "HEAD" : "GET";
          body = null;
          for (const name of ["content-type", "content-length", "content-encoding"]) requestHeaders.delete(name);
        }
        url = next;
      }
    } catch (error) {
      throw describe(error);
    }
  }

  private describeFailure(error: unknown, signal: AbortSignal, method: string, url: URL): HostOpError {
    const what = `HTTP agent "${this.name}": ${method} ${shownUrl(url)}`;
    if (signal.aborted) return new HostOpError("TimeoutError", `${what} timed out after ${this.config.timeoutMs} ms`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return new HostOpError("TypeError", `${what} failed: ${reason}`);
  }
}

const rid = z.number().int();

export const httpAgent: AgentFactory = ({ config }) => {
  const clients = new Map(Object.entries(config.agents.http).map(([name, agent]) => [name, new HttpClient(name, agent)]));
  const clientOf = (configurationId: string) => {
    const client = clients.get(configurationId);
    if (client) return client;
    const known = [...clients.keys()].join(", ") || "none";
    throw new HostOpError("NotFound", `no HTTP agent configuration named "${configurationId}" (configured: ${known})`);
  };
  let lastRid = 0;
  return {
    attach: () => {
      const bodies = new Map<number, OpenBody>();
      const bodyOf = (op: "op_http_agent_body_read" | "op_http_agent_body_close", value: unknown) => {
        const id = parseArg(op, rid, value);
        return { id, body: bodies.get(id) };
      };
      return {
        ops: {
          op_http_agent_acquire: (_caller, name) => clientOf(parseArg("op_http_agent_acquire", z.string(), name)).name,
          op_http_agent_fetch: (_caller, arg) => {
            const request = parseArg("op_http_agent_fetch", hostRequest, arg);
            return clientOf(request.configurationId).fetch(request, bodies, () => ++lastRid);
          },
          op_http_agent_body_read: async (_caller, value) => {
            const { id, body } = bodyOf("op_http_agent_body_read", value);
            if (!body) return null;
            try {
              const bytes = await body.reader.read();
              if (bytes !== null) return bytes;
            } catch (error) {
              bodies.delete(id);
              throw body.describe(error);
            }
            bodies.delete(id);
            return null;
          },
          op_http_agent_body_close: async (_caller, value) => {
            const { id, body } = bodyOf("op_http_agent_body_close", value);
            bodies.delete(id);
            await body?.reader.cancel();
          },
        },
        dispose: async () => {
          const open = [...bodies.values()];
          bodies.clear();
          await Promise.all(open.map((body) => body.reader.cancel()));
        },
      };
    },
  };
};
