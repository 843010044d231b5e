import { beforeEach, describe, expect, it } from "vitest";
import { finalizeError } from "../../../lib/steps/finalize-orders";
import { MemorySessionStorage, RecordingLogger, RecordingResult } from "../fakes";
import { API, CDN } from "./fake-grafx";
import { newWorld, orderPayload, pendingPath, guid, runExecution, type World } from "./run-execution";

let world: World;

beforeEach(() => {
  world = newWorld();
});

function everythingWritten(run: Awaited<ReturnType<typeof runExecution>>): string {
  return [
    JSON.stringify(run.result),
    run.log.text(),
    JSON.stringify([...run.session.values]),
    ...[...world.store.files.values()].map((bytes) => new TextDecoder().decode(bytes)),
  ].join("\n");
}

describe("grafx-order-handling over fakes: failures and secrets", () => {
  it("gives every order 'credentials refused' (502) when GraFx refuses the integration, and keeps them pending", async () => {
    world.grafx.tokenAnswers = [() => new Response(JSON.stringify({ error: "access_denied" }), { status: 401 })];
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }] }));
    expect(run.statusCode).toBe(502);
    expect(run.result.orders.map((order) => [order.state, order.reason])).toEqual([
      ["failed", "credentials-refused"],
      ["failed", "credentials-refused"],
    ]);
    expect(world.grafx.api.requests).toHaveLength(0);
    expect(world.store.files.has(pendingPath(1)) && world.store.files.has(pendingPath(2))).toBe(true);
  });

  it("refreshes a token GraFx refuses, once, and carries on", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    world.grafx.tasks.set(guid(2), { state: "finished" });
    await runExecution(world, orderPayload({ orders: [{ taskId: guid(9) }] }));
    // GraFx now rejects the cached token (e.g. it expired early).
    world.grafx.validTokens.clear();
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }] }));
    expect(run.statusCode).toBe(200);
    expect(world.grafx.issued).toBe(2);
  });

  it("reports credentials refused when even a fresh token is refused", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", statusFaults: [() => new Response("", { status: 403 }), () => new Response("", { status: 403 })] });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(502);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "credentials-refused" });
    expect(world.store.files.has(pendingPath(1))).toBe(true);
  });

  it("never sends the token to a download host other than the API, nor writes it anywhere", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", onCdn: true });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(200);
    // The CDN link went through the grafx-download agent, as a path, without the token.
    const cdnRequests = world.grafx.download.requests;
    expect(cdnRequests).toHaveLength(1);
    expect(cdnRequests[0]!.url).toBe(`${CDN}/files/${guid(1)}?signature=s3cret-signature`);
    expect(cdnRequests[0]!.headers.has("authorization")).toBe(false);
    const apiRequests = world.grafx.api.requests;
    expect(apiRequests.every((request) => request.url.startsWith(API))).toBe(true);
    expect(apiRequests.every((request) => request.headers.get("authorization")?.startsWith("Bearer tok-"))).toBe(true);

    const written = [JSON.stringify(run.result), run.log.text(), ...[...world.store.files.values()].map((b) => new TextDecoder().decode(b))].join("\n");
    for (const token of world.grafx.validTokens) expect(written).not.toContain(token);
    expect(written).not.toContain("client-secret-value");
  });

  it("keeps tokens, the client secret and signed link queries out of results and logs, even in errors", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", onCdn: true, downloadFaults: Array.from({ length: 9 }, () => () => new Response("", { status: 404 })) });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "bad-response" });
    const shown = [JSON.stringify(run.result), run.log.text()].join("\n");
    expect(shown).not.toContain("s3cret-signature");
    for (const token of world.grafx.validTokens) expect(shown).not.toContain(token);
    expect(everythingWritten(run)).not.toContain("client-secret-value");
  });

  it("retries transient failures and then reports 504, keeping the order pending", async () => {
    world.variables.MAX_ATTEMPTS = "3";
    world.grafx.tasks.set(guid(1), { state: "finished", statusFaults: Array.from({ length: 5 }, () => () => new Response("", { status: 503 })) });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(504);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "unreachable" });
    expect(world.grafx.api.requests).toHaveLength(3);
    expect(world.store.files.has(pendingPath(1))).toBe(true);
  });

  it("recovers from a truncated download by retrying, and never writes partial bytes", async () => {
    const full = new Uint8Array(1000).fill(1);
    const truncated = () => new Response(full.slice(0, 400), { headers: { "content-length": "1000", "content-type": "application/pdf" } });
    world.grafx.tasks.set(guid(1), { state: "finished", body: full, downloadFaults: [truncated] });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.result.orders[0]).toMatchObject({ state: "downloaded", bytes: 1000 });
    expect(world.store.files.get(`acme/${guid(1)}.pdf`)).toEqual(full);

    world.grafx.tasks.set(guid(2), { state: "finished", body: full, downloadFaults: Array.from({ length: 9 }, () => truncated) });
    const failed = await runExecution(world, orderPayload({ orders: [{ taskId: guid(2) }] }));
    expect(failed.result.orders[0]).toMatchObject({ state: "failed", reason: "unreachable", error: expect.stringContaining("truncated") });
    expect(world.store.files.has(`acme/${guid(2)}.pdf`)).toBe(false);
  });

  it("reports a rate limit it will not wait for as 503 with retryAfterSeconds", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", statusFaults: [() => new Response("", { status: 429, headers: { "retry-after": "120" } })] });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(503);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "rate-limited", retryAfterSeconds: 120 });
  });

  it("waits a short Retry-After and succeeds", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", statusFaults: [() => new Response("", { status: 429, headers: { "retry-after": "2" } })] });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(200);
    expect(world.clock.sleeps).toContain(2000);
  });

  it("answers 404 for a task GraFx does not know, and forgets it", async () => {
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(7) }] }));
    expect(run.statusCode).toBe(404);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "unknown-task" });
    expect(world.store.files.has(pendingPath(7))).toBe(false);
  });

  it("refuses an output over the size cap (502) and writes nothing", async () => {
    world.variables.MAX_DOWNLOAD_BYTES = "100";
    world.grafx.tasks.set(guid(1), { state: "finished", body: new Uint8Array(101) });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(502);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "too-large" });
    expect([...world.store.files.keys()].filter((path) => path.startsWith("acme/"))).toEqual([]);
  });

  it("answers 500 when the file cannot be written, and keeps the order pending", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    world.store.failWhen = (op, path) => op === "put" && path.startsWith("acme/");
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(500);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "storage-failed" });
    expect(world.store.files.has(pendingPath(1))).toBe(true);
  });

  it("finalizes a railway error as a 500 result, with the client secret redacted", async () => {
    // The tokens never get this far: process-orders redacts them from any error it ends with.
    const session = new MemorySessionStorage();
    const result = new RecordingResult();
    const ctx = { task: { taskKey: { executionId: "e", taskId: "t" } } };
    const error = { name: "TypeError", message: "boom near client-secret-value at https://cdn.example/x?sig=abc" };
    const variable = (name: string) => (name === "GRAFX_CLIENT_SECRET" ? "client-secret-value" : null);
    await finalizeError(ctx, error, { session, log: new RecordingLogger(), variable, result });
    expect(result.statusCode).toBe(500);
    expect(result.value).toEqual({
      grafx_order_handling: {
        taskKey: { executionId: "e", taskId: "t" },
        summary: { total: 0, downloaded: 0, pending: 0, failed: 0, rejected: 0, expired: 0 },
        orders: [],
        error: { name: "TypeError", message: "boom near [redacted] at https://cdn.example/x?…" },
      },
    });
  });
});
