import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { downloadOutput, type DownloadRequest } from "../../../lib/grafx/download";
import { fileExtension, isLoopbackHost, refuseDownloadLink } from "../../../lib/grafx/download-link";
import { chunkedBody, FakeClock, FakeHttpClient } from "../fakes";

const TOKEN = "eyJ-secret-token-value";
const API = "https://api.chiligrafx.example";
const CDN = "https://cdn.example";
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

function request(overrides: Partial<DownloadRequest> = {}): DownloadRequest {
  return {
    taskId: "0b9f1c2e-3a4d-4e5f-8a6b-7c8d9e0f1a2b",
    path: "/grafx/api/v1/environment/acme/output/tasks/x/download",
    shownUrl: `${API}/grafx/api/v1/environment/acme/output/tasks/x/download`,
    token: TOKEN,
    maxBytes: 1000,
    timeoutMs: 5000,
    ...overrides,
  };
}

describe("download link rules", () => {
  it.each([
    ["https://cdn.example/x.pdf", false, null],
    ["http://127.0.0.1:8080/x", true, null],
    ["http://127.10.0.3/x", true, null],
    ["http://localhost:9/x", true, null],
    ["http://[::1]:9/x", true, null],
  ])("follows %s (insecure loopback allowed: %s)", (url, allow, expected) => {
    expect(refuseDownloadLink(url, allow)).toBe(expected);
  });

  it.each([
    ["http://cdn.example/x.pdf?sig=abc", true],
    ["http://127.0.0.1:8080/x", false],
    ["http://localhost.evil.example/x", true],
    ["http://128.0.0.1/x", true],
    ["ftp://cdn.example/x", true],
    ["file:///etc/passwd", true],
    ["not a url", true],
  ])("refuses %s (insecure loopback allowed: %s)", (url, allow) => {
    const refusal = refuseDownloadLink(url, allow);
    expect(refusal).toMatch(/download link/);
    expect(refusal).not.toContain("sig=abc");
  });

  it("knows the loopback hosts", () => {
    expect(["127.0.0.1", "127.255.255.254", "localhost", "LOCALHOST", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(["127.0.0.1.nip.io", "10.0.0.1", "::1", "localhost.example"].some(isLoopbackHost)).toBe(false);
  });

  it.each<[Parameters<typeof fileExtension>[0], string | null, string]>([
    ["pdf", "application/octet-stream", "pdf"],
    ["png", null, "png"],
    [undefined, "image/jpeg; charset=binary", "jpg"],
    [undefined, "VIDEO/MP4", "mp4"],
    [undefined, "application/pdf", "pdf"],
    [undefined, "text/html", "bin"],
    [undefined, null, "bin"],
    ["png", "application/zip", "zip"],
  ])("names a %s output served as %s .%s", (format, contentType, expected) => {
    expect(fileExtension(format, contentType)).toBe(expected);
  });
});

describe("downloadOutput", () => {
  it("fetches the path through the agent with the token it is given, and hashes the bytes", async () => {
    const body = bytes(600);
    const client = new FakeHttpClient(API, () => new Response(body, { headers: { "content-type": "application/pdf", "content-length": "600" } }));
    const result = await downloadOutput(client, request());
    expect(result).toEqual({
      kind: "ok",
      value: { bytes: body, contentType: "application/pdf", sha256: bytesToHex(sha256(body)), sentToken: true },
    });
    expect(client.requests[0]!.url).toBe(`${API}/grafx/api/v1/environment/acme/output/tasks/x/download`);
    expect(client.requests[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(client.fullUrls).toEqual([]);
  });

  it("sends no Authorization header when it has no token (another download host)", async () => {
    const client = new FakeHttpClient(CDN, () => new Response(bytes(10)));
    const result = await downloadOutput(client, request({ path: "/output.pdf?signature=abc", shownUrl: `${CDN}/output.pdf`, token: null }));
    expect(result).toMatchObject({ kind: "ok", value: { sentToken: false } });
    expect(client.requests[0]!.url).toBe(`${CDN}/output.pdf?signature=abc`);
    expect(client.requests[0]!.headers.has("authorization")).toBe(false);
  });

  it("is cut at the end of the execution's time budget, however well it is going", async () => {
    const clock = new FakeClock();
    const client = new FakeHttpClient(API, () => new Response(bytes(10)));
    const result = await downloadOutput(client, request({ stopAt: clock.now() - 1, now: clock.now }));
    expect(result).toMatchObject({ kind: "failed", retryable: true, failure: { reason: "unreachable", message: expect.stringContaining("time budget") } });

    // A byte every 5 ms: never idle, never finished.
    const trickle = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        controller.enqueue(bytes(1));
      },
    });
    const slow = new FakeHttpClient(API, (_request, signal) => new Response(trickle.pipeThrough(new TransformStream(), { signal })));
    const cut = await downloadOutput(slow, request({ timeoutMs: 60_000, stopAt: Date.now() + 50 }));
    expect(cut).toMatchObject({ kind: "failed", failure: { reason: "unreachable", message: expect.stringContaining("time budget") } });
  });

  it("refuses an output whose Content-Length is over the cap before reading it", async () => {
    const body = chunkedBody([bytes(600), bytes(600)]);
    const client = new FakeHttpClient(API, () => new Response(body.stream, { headers: { "content-length": "1200" } }));
    const result = await downloadOutput(client, request());
    expect(result).toMatchObject({ kind: "failed", retryable: false, failure: { reason: "too-large" } });
    expect(body.cancelled()).toBe(true);
  });

  it("stops reading as soon as an output without a length passes the cap", async () => {
    const chunks = Array.from({ length: 100 }, () => bytes(300));
    const body = chunkedBody(chunks);
    let pulled = 0;
    const counting = body.stream.pipeThrough(new TransformStream({ transform: (chunk, c) => void (pulled++, c.enqueue(chunk)) }));
    const client = new FakeHttpClient(API, () => new Response(counting));
    const result = await downloadOutput(client, request({ maxBytes: 1000 }));
    expect(result).toMatchObject({ kind: "failed", failure: { reason: "too-large", message: expect.stringContaining("while downloading") } });
    expect(pulled).toBeLessThan(10);
  });

  it("reports a body shorter than its Content-Length as a retryable failure, never as bytes", async () => {
    const client = new FakeHttpClient(API, () => new Response(chunkedBody([bytes(300)]).stream, { headers: { "content-length": "900" } }));
    const result = await downloadOutput(client, request());
    expect(result).toMatchObject({ kind: "failed", retryable: true, failure: { reason: "unreachable", message: expect.stringContaining("truncated, got 300 of 900 bytes") } });
  });

  it("reports a body that breaks off as a retryable failure", async () => {
    const client = new FakeHttpClient(API, () => new Response(chunkedBody([bytes(300)], new TypeError("other side closed")).stream));
    const result = await downloadOutput(client, request());
    expect(result).toMatchObject({ kind: "failed", retryable: true, failure: { reason: "unreachable", message: expect.stringContaining("other side closed") } });
  });

  it("keeps every byte of a body longer than its Content-Length", async () => {
    const body = Uint8Array.from({ length: 300 }, (_, i) => i % 251);
    const client = new FakeHttpClient(API, () => new Response(chunkedBody([body.slice(0, 80), body.slice(80, 200), body.slice(200)]).stream, { headers: { "content-length": "100" } }));
    await expect(downloadOutput(client, request())).resolves.toMatchObject({ kind: "ok", value: { bytes: body, sha256: bytesToHex(sha256(body)) } });
  });

  it("assembles a chunked body of the announced length exactly", async () => {
    const body = Uint8Array.from({ length: 900 }, (_, i) => i % 253);
    const client = new FakeHttpClient(API, () => new Response(chunkedBody([body.slice(0, 1), body.slice(1, 450), body.slice(450)]).stream, { headers: { "content-length": "900" } }));
    await expect(downloadOutput(client, request())).resolves.toMatchObject({ kind: "ok", value: { bytes: body } });
  });

  it("does not count a decoded body against its compressed length", async () => {
    const client = new FakeHttpClient(API, () => new Response(bytes(500), { headers: { "content-length": "100", "content-encoding": "gzip" } }));
    await expect(downloadOutput(client, request())).resolves.toMatchObject({ kind: "ok" });
  });

  it("times out a stalled body and says so", async () => {
    const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(bytes(10)) });
    const client = new FakeHttpClient(API, (_request, signal) => {
      const body = stalled.pipeThrough(new TransformStream(), { signal });
      return new Response(body);
    });
    const result = await downloadOutput(client, request({ timeoutMs: 50 }));
    expect(result).toMatchObject({ kind: "failed", retryable: true, failure: { reason: "unreachable", message: expect.stringContaining("timed out") } });
  });

  it.each([
    [401, true, "unauthorized"],
    [403, true, "unauthorized"],
    [429, true, "rate-limited"],
    [503, true, "unreachable"],
    [500, true, "unreachable"],
    [404, false, "bad-response"],
  ])("classifies a %i from the API origin", async (status, _retryable, expected) => {
    const client = new FakeHttpClient(API, () => new Response("no", { status, headers: { "retry-after": "3" } }));
    const result = await downloadOutput(client, request());
    if (expected === "unauthorized") expect(result.kind).toBe("unauthorized");
    else expect(result).toMatchObject({ kind: "failed", failure: { reason: expected } });
  });

  it("does not try a token refresh when a host it sent no token to refuses the link", async () => {
    const client = new FakeHttpClient(CDN, () => new Response("expired", { status: 403 }));
    const result = await downloadOutput(client, request({ path: "/x?sig=1", shownUrl: `${CDN}/x`, token: null }));
    expect(result).toMatchObject({ kind: "failed", retryable: false, failure: { reason: "bad-response", message: expect.stringContaining(`${CDN}/x answered 403`) } });
    expect(JSON.stringify(result)).not.toContain("sig=1");
  });
});
