import { describe, expect, it } from "vitest";
import { checkOutputTask, outputTaskPath } from "../../../lib/grafx/output-task";
import { FakeHttpClient, jsonResponse } from "../fakes";

const TASK = "0b9f1c2e-3a4d-4e5f-8a6b-7c8d9e0f1a2b";
const API = "https://api.chiligrafx.example";
const TOKEN = "eyJ-secret-token-value";
const check = (client: FakeHttpClient, apiBaseUrl = API) => checkOutputTask(client, { environment: "acme", taskId: TASK, token: TOKEN, apiBaseUrl, timeoutMs: 1000 });

describe("checkOutputTask", () => {
  it("asks GraFx for the task's status with the bearer token", async () => {
    const client = new FakeHttpClient(API, () => new Response(null, { status: 204 }));
    await expect(check(client)).resolves.toEqual({ kind: "ok", value: { kind: "pending" } });
    expect(client.requests[0]).toMatchObject({ method: "GET", url: `${API}/grafx/api/v1/environment/acme/output/tasks/${TASK}` });
    expect(client.requests[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(outputTaskPath("acme", TASK)).toBe(`/grafx/api/v1/environment/acme/output/tasks/${TASK}`);
  });

  it("asks through the agent by path only", async () => {
    const client = new FakeHttpClient(`${API}/tenant`, () => new Response(null, { status: 204 }));
    await check(client, `${API}/tenant`);
    expect(client.requests[0]!.url).toBe(`${API}/tenant/grafx/api/v1/environment/acme/output/tasks/${TASK}`);
    expect(client.fullUrls).toEqual([]);
  });

  it("reads a finished task's download link, a relative one resolved against the configured API base URL", async () => {
    const client = new FakeHttpClient(API, () => jsonResponse({ data: { taskId: TASK }, links: { download: "/files/out.pdf" } }));
    await expect(check(client)).resolves.toEqual({ kind: "ok", value: { kind: "finished", downloadUrl: `${API}/files/out.pdf` } });
  });

  it("never resolves a link against where the answer says it came from (a redirect, or LOC's bare path)", async () => {
    const client = new FakeHttpClient(API, () => jsonResponse({ links: { download: "/files/out.pdf" } }));
    client.answerUrl = () => "https://redirected.example/grafx/api/v1/x";
    await expect(check(client)).resolves.toMatchObject({ value: { downloadUrl: `${API}/files/out.pdf` } });
    client.answerUrl = (request) => new URL(request.url).pathname;
    await expect(check(client)).resolves.toMatchObject({ value: { downloadUrl: `${API}/files/out.pdf` } });
  });

  it("keeps an absolute download link on another host as it is", async () => {
    const client = new FakeHttpClient(API, () => jsonResponse({ links: { download: "https://cdn.example/out.pdf?sig=1" } }));
    await expect(check(client)).resolves.toMatchObject({ value: { downloadUrl: "https://cdn.example/out.pdf?sig=1" } });
  });

  it("reports a failed task with GraFx's text", async () => {
    const client = new FakeHttpClient(API, () => new Response("Template not found", { status: 500 }));
    await expect(check(client)).resolves.toEqual({
      kind: "failed",
      retryable: false,
      failure: { reason: "task-failed", message: `task ${TASK}: GraFx reports the task failed: Template not found` },
    });
  });

  it.each([
    [404, "unknown-task", false],
    [429, "rate-limited", true],
    [502, "unreachable", true],
    [503, "unreachable", true],
    [504, "unreachable", true],
    [418, "bad-response", false],
  ])("classifies %i as %s", async (status, reason, retryable) => {
    const client = new FakeHttpClient(API, () => new Response("x", { status }));
    await expect(check(client)).resolves.toMatchObject({ kind: "failed", retryable, failure: { reason } });
  });

  it("passes Retry-After on", async () => {
    const client = new FakeHttpClient(API, () => new Response("slow down", { status: 429, headers: { "retry-after": "12" } }));
    await expect(check(client)).resolves.toMatchObject({ retryAfterMs: 12_000, failure: { retryAfterSeconds: 12 } });
  });

  it.each([401, 403])("reports a refused token (%i) so the caller can refresh it", async (status) => {
    const client = new FakeHttpClient(API, () => new Response("", { status }));
    await expect(check(client)).resolves.toMatchObject({ kind: "unauthorized" });
  });

  it.each([
    ["no JSON", () => new Response("<html>", { status: 200 })],
    ["no links.download", () => jsonResponse({ links: {} })],
  ])("treats a 200 with %s as a bad (retryable) answer", async (_name, respond) => {
    const client = new FakeHttpClient(API, respond);
    await expect(check(client)).resolves.toMatchObject({ kind: "failed", retryable: true, failure: { reason: "bad-response" } });
  });

  it("turns a connection reset and a timeout into retryable failures without the token", async () => {
    const reset = new FakeHttpClient(API, () => {
      throw new TypeError("fetch failed", { cause: new Error("read ECONNRESET") });
    });
    const reply = await check(reset);
    expect(reply).toMatchObject({ kind: "failed", retryable: true, failure: { reason: "unreachable", message: expect.stringContaining("ECONNRESET") } });
    const hang = new FakeHttpClient(API, (_request, signal) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason))));
    const timedOut = await checkOutputTask(hang, { environment: "acme", taskId: TASK, token: TOKEN, apiBaseUrl: API, timeoutMs: 30 });
    expect(timedOut).toMatchObject({ kind: "failed", retryable: true, failure: { reason: "unreachable", message: expect.stringContaining("timed out") } });
    expect(JSON.stringify([reply, timedOut])).not.toContain(TOKEN);
  });
});
