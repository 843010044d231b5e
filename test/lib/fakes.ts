/** In-memory stand-ins for the LOC agents the order logics use. */
import type { Agents, ResultSink } from "../../lib/agents";
import type { KeyValueStore } from "../../lib/grafx/token-cache";
import type { HttpClient } from "../../lib/http/client";
import type { RetryClock } from "../../lib/http/retry";
import type { Logger } from "../../lib/log";
import type { FileStore, FileStoreEntry } from "../../lib/orders/file-store";
import type { SessionStore } from "../../lib/session/state";

export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Set<string>([""]);
  /** Makes the next matching operation fail. */
  failWhen: ((op: string, path: string) => boolean) | undefined;
  /** Awaited inside every operation, to interleave concurrent callers. */
  delay: () => Promise<void> = async () => undefined;

  async #enter(op: string, path: string): Promise<void> {
    await this.delay();
    if (this.failWhen?.(op, path)) throw new Error(`${op} ${path}: storage unavailable`);
  }

  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes && new TextDecoder().decode(bytes);
  }

  async simpleGet(path: string): Promise<Uint8Array> {
    await this.#enter("get", path);
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`${path}: no such file`);
    return bytes;
  }

  async simplePut(path: string, data: Uint8Array | string, options?: { ensureDir?: boolean }): Promise<number> {
    await this.#enter("put", path);
    const dir = path.split("/").slice(0, -1).join("/");
    if (!this.dirs.has(dir)) {
      if (!options?.ensureDir) throw new Error(`${dir}: no such directory`);
      await this.createDirAll(dir);
    }
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data.slice();
    this.files.set(path, bytes);
    return bytes.byteLength;
  }

  async delete(path: string): Promise<void> {
    await this.#enter("delete", path);
    if (!this.files.delete(path)) throw new Error(`${path}: no such file`);
  }

  async list(path: string): Promise<FileStoreEntry[]> {
    await this.#enter("list", path);
    if (!this.dirs.has(path)) throw new Error(`${path}: no such directory`);
    const prefix = `${path}/`;
    return [...this.files.keys()]
      .filter((file) => file.startsWith(prefix) && !file.slice(prefix.length).includes("/"))
      .map((file) => ({ type: "file" as const, name: file.slice(prefix.length) }));
  }

  async createDirAll(path: string): Promise<void> {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) this.dirs.add(parts.slice(0, i).join("/"));
  }
}

abstract class MemoryStore {
  readonly values = new Map<string, { value: unknown; timeoutSeconds?: number }>();

  async get(key: string): Promise<unknown> {
    return this.values.get(key)?.value ?? null;
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

/** LocalStorageAgent: `putJson(key, value, timeout?) → Promise<void>`. */
export class MemoryLocalStorage extends MemoryStore implements KeyValueStore {
  async putJson(key: string, value: object, timeoutSeconds?: number): Promise<void> {
    this.values.set(key, { value: structuredClone(value), timeoutSeconds });
  }
}

/** SessionStorageAgent: `putJson(key, value) → Promise<boolean>` (whether it was stored). */
export class MemorySessionStorage extends MemoryStore implements SessionStore {
  /** Makes every put answer false, as LOC does when it did not store the value. */
  refusePuts = false;

  async putJson(key: string, value: unknown): Promise<boolean> {
    if (this.refusePuts) return false;
    this.values.set(key, { value: structuredClone(value) });
    return true;
  }
}

export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; entry: object }> = [];
  info(entry: object): void {
    this.lines.push({ level: "info", entry });
  }
  warn(entry: object): void {
    this.lines.push({ level: "warn", entry });
  }
  error(entry: object): void {
    this.lines.push({ level: "error", entry });
  }
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join("\n");
  }
}

/** A clock whose sleeps return at once and move time on, recording each wait. */
export class FakeClock implements RetryClock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse("2025-01-01T00:00:00Z"), public randomValue = 0.5) {}
  now = (): number => this.time;
  random = (): number => this.randomValue;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += ms;
  };
}

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

export type Route = (request: RecordedRequest, signal: AbortSignal | undefined) => Response | Promise<Response>;

/**
 * What an HTTP agent configured with base URL `baseUrl` requests for `path`: the path appended to
 * the base's path (the empty path is the base URL itself), as the local runtime's agent does.
 */
export function agentUrl(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  const suffixAt = path.search(/[?#]/);
  const pathPart = suffixAt === -1 ? path : path.slice(0, suffixAt);
  const joined = pathPart === "" ? base.pathname : `${base.pathname.replace(/\/+$/, "")}/${pathPart.replace(/^\/+/, "")}`;
  const url = new URL(joined, base.origin);
  return (suffixAt === -1 ? url : new URL(path.slice(suffixAt), url)).href;
}

/**
 * An HTTP agent client as on LOC: takes a PATH (a full URL throws, and is remembered in
 * `fullUrls` so a test can tell even when the caller caught the error), appends it to `baseUrl`,
 * answers from `route`. `response.url` is the requested URL, or what `answerUrl` says (a redirect).
 */
export class FakeHttpClient implements HttpClient {
  readonly requests: RecordedRequest[] = [];
  readonly fullUrls: string[] = [];
  /** The URL the answer claims to come from (e.g. after a redirect); the requested one by default. */
  answerUrl: ((request: RecordedRequest) => string) | undefined;
  constructor(
    readonly baseUrl: string,
    public route: Route,
  ) {}

  async fetch(input: string, init?: RequestInit): Promise<Response> {
    if (/^[a-z][a-z0-9+.-]*:/i.test(input) || /^[/\\]{2}/.test(input)) {
      this.fullUrls.push(input);
      throw new TypeError(`HTTP agent: only a path may be fetched, not a full URL (${input.split("?")[0]})`);
    }
    const url = agentUrl(this.baseUrl, input);
    const request: RecordedRequest = {
      url,
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : undefined,
    };
    this.requests.push(request);
    init?.signal?.throwIfAborted();
    const response = await this.route(request, init?.signal ?? undefined);
    Object.defineProperty(response, "url", { value: this.answerUrl?.(request) ?? url });
    return response;
  }
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A body delivered in the given chunks, optionally failing after them. */
export function chunkedBody(chunks: Uint8Array[], failAfter?: Error): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let index = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else if (failAfter) controller.error(failAfter);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

export class RecordingResult implements ResultSink {
  value: Record<string, unknown> = {};
  statusCode: number | undefined;
  finalize(value: object): ResultSink {
    this.value = { ...this.value, ...(value as Record<string, unknown>) };
    return this;
  }
  httpStatusCode(code: number): ResultSink {
    this.statusCode = code;
    return this;
  }
}

export interface FakeAgentsOptions {
  variables?: Record<string, string>;
  http?: Record<string, HttpClient>;
  files?: Record<string, FileStore>;
  session?: MemorySessionStorage;
  local?: MemoryLocalStorage;
  clock?: FakeClock;
}

export function fakeAgents(options: FakeAgentsOptions = {}) {
  const session = options.session ?? new MemorySessionStorage();
  const local = options.local ?? new MemoryLocalStorage();
  const log = new RecordingLogger();
  const clock = options.clock ?? new FakeClock();
  const variables = options.variables ?? {};
  /** Every HTTP agent configuration name acquired, in order. */
  const acquired: string[] = [];
  const agents: Agents = {
    session,
    local,
    log,
    variable: (name) => variables[name] ?? null,
    clock,
    async http(name) {
      acquired.push(name);
      const client = options.http?.[name];
      if (!client) throw new Error(`no HTTP agent configuration ${name}`);
      return client;
    },
    async files(name) {
      const store = options.files?.[name];
      if (!store) throw new Error(`no file storage configuration ${name}`);
      return store;
    },
  };
  return { agents, session, local, log, clock, acquired };
}
