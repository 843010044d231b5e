/**
 * HttpAgent, as LOC's fetch drives it: op_http_agent_prepare stores the request under a resource
 * id, op_http_agent_send performs it with Node's `fetch` and stores the response body under
 * another, op_read reads that body 512 KiB at most at a time (./http-body), op_close /
 * op_try_close release either. Resources belong to the task and are released when it ends.
 *
 * Each configuration name maps to a base URL (scheme, host, port, path prefix), headers and a
 * per-request timeout. A logic gives a path only (./http-path). Credentials — the configured
 * headers and any Authorization, Proxy-Authorization or Cookie — only ever go to the configured
 * base URL's origin: redirects are followed (at most 20), and a hop to any other origin goes
 * without them (compared with the configured base URL on every hop, never with a URL a response
 * named). A request body is not carried to another origin either (a 307/308 would re-send it, and
 * a token request's body holds the client secret): such a redirect fails the request.
 */
import { types } from "node:util";
import { z } from "zod";
import type { HttpAgentConfig } from "../config/schema";
import type { HttpPrepared, HttpResponseHead } from "../saffron/src/host-ops";
import { HostOpError, parseArg, WithWholeBody, type AgentFactory } from "./agent";
import { ReadAheadBody } from "./http-body";
import { assertPathOnly, resolveAgentUrl } from "./http-path";
import { badResource, ResourceTable } from "./resource-table";

/** Built once: a zod schema costs far more to build than to check. */
const NAME_ARG = z.string();

export { resolveAgentUrl } from "./http-path";

const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Never sent to an origin other than the configured one. */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];
/** Set by the connection itself; a logic's value would only make Node's fetch refuse the request. */
const CONNECTION_HEADERS = new Set(["host", "content-length", "connection", "keep-alive", "transfer-encoding", "upgrade", "expect", "te", "trailer"]);
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
/** The methods fetch normalizes to upper case; any other keeps its case. */
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A URL safe to show in a message: no credentials, no query. */
function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

const prepareArgs = z.object({
  configurationId: z.string(),
  method: z.string().regex(METHOD_TOKEN, "expected an HTTP method"),
  path: z.string(),
  headers: z.record(z.string(), z.string()),
  hasBody: z.boolean(),
  bodyLength: z.number().int().nonnegative().nullish(),
});
// Bytes arrive by structured clone; `types` also knows a Uint8Array made in another realm.
const bodyBytes = z.custom<Uint8Array>((value) => types.isUint8Array(value), "expected a Uint8Array or null").nullable();
const rid = z.number().int().nonnegative();
const maxBytes = z.number().int().positive();

interface PreparedRequest {
  kind: "request";
  configurationId: string;
  method: string;
  path: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer> | null;
  close(): void;
}

interface ResponseBody {
  kind: "response";
  /** Null for a response without a body (HEAD, 204, 304): reads answer its end at once. */
  body: ReadAheadBody | null;
  describe: (error: unknown) => HostOpError;
  close(): Promise<void>;
}

type HttpResource = PreparedRequest | ResponseBody;

class HttpClient {
  private readonly baseOrigin: string;

  constructor(
    readonly name: string,
    private readonly config: HttpAgentConfig,
  ) {
    this.baseOrigin = new URL(config.baseUrl).origin;
  }

  /** `taskEnded` aborts the request, and the reading of its body, when the task ends. */
  async send(request: PreparedRequest, taskEnded: AbortSignal): Promise<{ head: Omit<HttpResponseHead, "responseRid">; body: ResponseBody }> {
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    const signal = AbortSignal.any([timeout, taskEnded]);
    let url = resolveAgentUrl(this.config.baseUrl, request.path);
    let method = request.method;
    let body = request.body;
    const logicHeaders = new Headers(request.headers);
    const describe = (error: unknown) => this.describeFailure(error, { timeout, taskEnded }, method, url);
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await fetch(url, { method, headers: this.hopHeaders(logicHeaders, url), body, redirect: "manual", signal });
        const location = response.headers.get("location");
        if (!REDIRECT_STATUSES.has(response.status) || location === null) {
          const head = { status: response.status, statusText: response.statusText, headers: [...response.headers], url: url.href };
          const reader = response.body ? new ReadAheadBody(response.body.getReader()) : null;
          return { head, body: { kind: "response", body: reader, describe, close: async () => reader?.cancel() } };
        }
        await response.body?.cancel();
        if (redirects === MAX_REDIRECTS) throw new HostOpError("TypeError", `${this.what(method, url)}: too many redirects (more than ${MAX_REDIRECTS})`);
        const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
        if (!next || (next.protocol !== "http:" && next.protocol !== "https:")) {
          throw new HostOpError("TypeError", `${this.what(method, url)}: redirected to a location that is not an http(s) URL`);
        }
        if ((response.status === 303 && method !== "GET" && method !== "HEAD") || ((response.status === 301 || response.status === 302) && method === "POST")) {
          method = "GET";
          body = null;
          for (const name of BODY_HEADERS) logicHeaders.delete(name);
        }
        if (body !== null && next.origin !== this.baseOrigin) {
          throw new HostOpError(
            "TypeError",
            `${this.what(method, url)}: redirected (${response.status}) to another origin, ${next.origin}; the request body is not sent there`,
          );
        }
        url = next;
      }
    } catch (error) {
      throw describe(error);
    }
  }

  /** The logic's headers, with the configured ones on the configured origin, without credentials elsewhere. */
  private hopHeaders(logicHeaders: Headers, url: URL): Headers {
    const headers = new Headers(logicHeaders);
    const configured = Object.entries(this.config.headers);
    if (url.origin === this.baseOrigin) {
      // LOC: configured authentication overrides the logic's own.
      for (const [name, value] of configured) headers.set(name, value);
    } else {
      for (const name of [...CREDENTIAL_HEADERS, ...configured.map(([name]) => name)]) headers.delete(name);
    }
    return headers;
  }

  private what(method: string, url: URL): string {
    return `HTTP agent "${this.name}": ${method} ${shownUrl(url)}`;
  }

  private describeFailure(error: unknown, signals: { timeout: AbortSignal; taskEnded: AbortSignal }, method: string, url: URL): HostOpError {
    if (error instanceof HostOpError) return error;
    if (signals.taskEnded.aborted) return new HostOpError("Interrupted", `${this.what(method, url)} was cut short: the task has ended`);
    if (signals.timeout.aborted) return new HostOpError("TimeoutError", `${this.what(method, url)} timed out after ${this.config.timeoutMs} ms`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return new HostOpError("TypeError", `${this.what(method, url)} failed: ${reason}`);
  }
}

/**
 * A body that announces at most this many bytes is read whole before its head is answered, and
 * crosses with it to a logic's isolate (`WithWholeBody`), which answers the logic's reads of it
 * itself: a GraFx status answer or a small output costs one round trip, not three. The resource
 * stays open here, read to its end, until the logic closes it, as any other.
 */
export const WHOLE_BODY_MAX_BYTES = 64 * 1024;

async function wholeSmallBody(head: Omit<HttpResponseHead, "responseRid">, body: ResponseBody): Promise<Uint8Array | undefined> {
  const announced = head.headers.find(([name]) => name === "content-length")?.[1];
  if (!body.body || announced === undefined || !/^\d+$/.test(announced) || Number(announced) > WHOLE_BODY_MAX_BYTES) return undefined;
  return body.body.whole(WHOLE_BODY_MAX_BYTES);
}

/** The method as fetch sends it: the standard ones in upper case, any other as given. */
function normalizedMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

function logicHeadersOf(headers: Record<string, string>): Headers {
  try {
    return new Headers(Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase())));
  } catch (error) {
    throw new HostOpError("TypeError", `op_http_agent_prepare: headers: ${(error as Error).message}`);
  }
}

export const httpAgent: AgentFactory = ({ config }) => {
  const entries = Object.entries(config.agents.http);
  // An empty base URL leaves an optional agent unconfigured (an env reference with an empty default).
  const clients = new Map(entries.filter(([, agent]) => agent.baseUrl !== "").map(([name, agent]) => [name, new HttpClient(name, agent)]));
  const clientOf = (configurationId: string) => {
    const client = clients.get(configurationId);
    if (client) return client;
    const known = [...clients.keys()].join(", ") || "none";
    const unset = entries.some(([name]) => name === configurationId) ? " (its baseUrl is empty)" : "";
    throw new HostOpError("NotFound", `no HTTP agent configuration named "${configurationId}" is configured${unset}; configured: ${known}`);
  };

  return {
    attach: () => {
      const resources = new ResourceTable<HttpResource>();
      const taskEnded = new AbortController();

      return {
        ops: {
          op_http_agent_acquire: (_caller, name) => clientOf(parseArg("op_http_agent_acquire", NAME_ARG, name)).name,

          op_http_agent_prepare: (_caller, args, body): HttpPrepared => {
            const prepared = parseArg("op_http_agent_prepare", prepareArgs, args);
            const bytes = parseArg("op_http_agent_prepare", bodyBytes, body ?? null);
            const client = clientOf(prepared.configurationId);
            assertPathOnly(client.name, prepared.path);
            if (prepared.hasBody !== (bytes !== null)) {
              throw new HostOpError(
                "TypeError",
                prepared.hasBody
                  ? "op_http_agent_prepare: the request body must come whole with the request (streamed request bodies are not supported locally)"
                  : "op_http_agent_prepare: bytes were given for a request without a body (hasBody: false)",
              );
            }
            const requestRid = resources.add({
              kind: "request",
              configurationId: client.name,
              method: normalizedMethod(prepared.method),
              path: prepared.path,
              headers: logicHeadersOf(prepared.headers),
              // A copy: the request is what the logic prepared, whatever happens to its array later.
              body: bytes === null ? null : Uint8Array.from(bytes),
              close: () => undefined,
            });
            return { requestRid, requestBodyRid: null, cancelHandleRid: null };
          },

          op_http_agent_send: async (caller, configurationId, requestRid) => {
            const name = parseArg("op_http_agent_send", NAME_ARG, configurationId);
            const id = parseArg("op_http_agent_send", rid, requestRid);
            const request = resources.get(id);
            if (request?.kind !== "request") throw badResource();
            if (request.configurationId !== name) {
              throw new HostOpError("TypeError", `op_http_agent_send: request ${id} was prepared for HTTP agent "${request.configurationId}", not "${name}"`);
            }
            resources.take(id);
            const { head, body } = await clientOf(name).send(request, taskEnded.signal);
            const whole = caller.takesWholeBodies ? await wholeSmallBody(head, body) : undefined;
            const responseRid = resources.add(body);
            const answer = { ...head, responseRid } satisfies HttpResponseHead;
            return whole ? new WithWholeBody(answer, responseRid, whole) : answer;
          },

          op_read: async (_caller, value, limit) => {
            const response = resources.get(parseArg("op_read", rid, value));
            const most = parseArg("op_read", maxBytes, limit);
            if (response?.kind !== "response") throw badResource();
            if (!response.body) return new Uint8Array(0);
            try {
              return (await response.body.read(most)) ?? new Uint8Array(0);
            } catch (error) {
              throw response.describe(error);
            }
          },

          op_close: async (_caller, value) => {
            const resource = resources.take(parseArg("op_close", rid, value));
            if (!resource) throw badResource();
            await resource.close();
          },

          op_try_close: async (_caller, value) => {
            const id = rid.safeParse(value);
            if (id.success) await resources.take(id.data)?.close();
          },
        },
        dispose: () => {
          taskEnded.abort();
          return resources.closeAll();
        },
      };
    },
  };
};
