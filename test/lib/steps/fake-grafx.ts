/**
 * A GraFx API, a download host and a token endpoint behind FakeHttpClients (one per HTTP agent:
 * `grafx-api`, `grafx-download`, `grafx-auth`), with per-task behaviour and faults.
 */
import { FakeHttpClient, jsonResponse, type RecordedRequest } from "../fakes";

export const API = "https://api.grafx.example";
export const CDN = "https://cdn.grafx.example";
export const AUTH = "https://login.grafx.example/oauth/token";

export interface FakeTask {
  state: "pending" | "finished" | "failed";
  body?: Uint8Array<ArrayBuffer>;
  contentType?: string;
  /** Serve the download from the download host (a CDN with a signed link). */
  onCdn?: boolean;
  /** `links.download` as given, instead of the API's or the CDN's link. */
  link?: string;
  /** Answers given before the normal ones, first to last, for status requests. */
  statusFaults?: Array<() => Response>;
  downloadFaults?: Array<() => Response>;
}

export class FakeGrafx {
  readonly tasks = new Map<string, FakeTask>();
  /** Tokens the API accepts; the token endpoint issues `tok-<n>`. */
  readonly validTokens = new Set<string>();
  tokenAnswers: Array<() => Response> = [];
  issued = 0;
  /** The `grafx-api` agent. */
  readonly api: FakeHttpClient;
  /** The `grafx-download` agent. */
  readonly download: FakeHttpClient;
  /** The `grafx-auth` agent. */
  readonly auth: FakeHttpClient;

  constructor() {
    this.api = new FakeHttpClient(API, (request) => this.#serve(request));
    this.download = new FakeHttpClient(CDN, (request) => this.#serve(request));
    this.auth = new FakeHttpClient(AUTH, () => this.#issue());
  }

  /** Every request any agent was asked to make, in no particular order. */
  get allRequests(): RecordedRequest[] {
    return [...this.api.requests, ...this.download.requests, ...this.auth.requests];
  }

  /** Full URLs some caller handed an agent (LOC would have thrown): must stay empty. */
  get fullUrls(): string[] {
    return [...this.api.fullUrls, ...this.download.fullUrls, ...this.auth.fullUrls];
  }

  #issue(): Response {
    const fault = this.tokenAnswers.shift();
    if (fault) return fault();
    const token = `tok-${++this.issued}-${"x".repeat(24)}`;
    this.validTokens.add(token);
    return jsonResponse({ access_token: token, expires_in: 3600, token_type: "Bearer" });
  }

  #serve(request: RecordedRequest): Response {
    const url = new URL(request.url);
    const status = /^\/grafx\/api\/v1\/environment\/([^/]+)\/output\/tasks\/([^/]+)$/.exec(url.pathname);
    const download = /^\/files\/([^/]+)$/.exec(url.pathname);
    const taskId = status?.[2] ?? download?.[1];
    const task = taskId ? this.tasks.get(taskId) : undefined;
    const onCdn = url.origin === CDN;
    if (!onCdn) {
      const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
      if (!token || !this.validTokens.has(token)) return new Response("unauthorized", { status: 401 });
    }
    if (!task || !taskId) return new Response("not found", { status: 404 });
    if (status) {
      const fault = task.statusFaults?.shift();
      if (fault) return fault();
      if (task.state === "pending") return new Response(null, { status: 204 });
      if (task.state === "failed") return new Response("Rendering failed: font missing", { status: 500 });
      const link = task.link ?? (task.onCdn ? `${CDN}/files/${taskId}?signature=s3cret-signature` : `${API}/files/${taskId}`);
      return jsonResponse({ data: { taskId }, links: { download: link } });
    }
    const fault = task.downloadFaults?.shift();
    if (fault) return fault();
    const body: Uint8Array<ArrayBuffer> = task.body ?? new TextEncoder().encode(`output of ${taskId}`);
    return new Response(body, { headers: { "content-type": task.contentType ?? "application/pdf", "content-length": String(body.byteLength) } });
  }
}
