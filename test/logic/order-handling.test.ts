/**
 * The grafx-order-handling data process end to end: the built logics on the local runtime,
 * against the GraFx simulator on 127.0.0.1, files on disk in a temp dir.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { startHarness, type Harness } from "./helpers";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("one batch at a time", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ variables: { MAX_DOWNLOAD_BYTES: String(1024 * 1024), MAX_ATTEMPTS: "3" } });
  });
  afterAll(async () => h?.close());

  const statusRequests = (taskId: string) => h.sim.requests.filter((r) => r.stage === "status" && r.path.endsWith(`/tasks/${taskId}`));
  const downloadRequests = (taskId: string) => h.sim.requests.filter((r) => r.stage === "download" && r.path.includes(taskId));

  it("handles every kind of order in one batch and answers the highest-priority code", async () => {
    const pdf = h.sim.createTask({ format: "pdf", sizeBytes: 3000 });
    const png = h.sim.createTask({ format: "png", sizeBytes: 500 });
    const running = h.sim.createTask({ format: "pdf", durationMs: 600_000 });
    const failed = h.sim.createTask({ format: "pdf", fail: "Font 'Gotham' is missing" });
    const unknown = randomUUID();
    const { result, status } = await h.execute({
      orders: [
        { taskId: pdf.taskId, format: "pdf" },
        { taskId: png.taskId, orderId: "PO-1001", format: "png" },
        { taskId: running.taskId },
        { taskId: failed.taskId },
        { taskId: unknown },
        { taskId: "not-a-guid" },
      ],
    });
    expect(status).toBe(502);
    expect(result.summary).toEqual({ total: 6, downloaded: 2, pending: 1, failed: 2, rejected: 1, expired: 0 });
    expect(result.orders).toEqual([
      {
        taskId: pdf.taskId,
        state: "downloaded",
        statusCode: 200,
        path: `sim-env/${pdf.taskId}.pdf`,
        bytes: 3000,
        sha256: outputSha256({ taskId: pdf.taskId, format: "pdf", sizeBytes: 3000 }),
        contentType: "application/pdf",
      },
      expect.objectContaining({ taskId: png.taskId, orderId: "PO-1001", state: "downloaded", path: "sim-env/PO-1001.png", contentType: "image/png" }),
      { taskId: running.taskId, state: "pending", statusCode: 202 },
      expect.objectContaining({ taskId: failed.taskId, state: "failed", reason: "task-failed", statusCode: 502, error: expect.stringContaining("Font 'Gotham' is missing") }),
      expect.objectContaining({ taskId: unknown, state: "failed", reason: "unknown-task", statusCode: 404 }),
      { taskId: "not-a-guid", state: "rejected", statusCode: 400, error: "orders[5].taskId: invalid GUID" },
    ]);
    const file = await h.readOrderFile(`sim-env/${pdf.taskId}.pdf`);
    expect(sha256(file)).toBe(result.orders[0]!.sha256);
    expect(await h.files()).toEqual(expect.arrayContaining([`.pending/${running.taskId}.json`, "sim-env/PO-1001.png", `sim-env/${pdf.taskId}.pdf`]));
    expect(await h.files()).not.toContain(`.pending/${failed.taskId}.json`);
  });

  it("answers a bad payload with 400 naming the bad fields, and contacts nobody", async () => {
    const before = h.sim.requests.length;
    const { result, status } = await h.execute({ orders: [{ taskId: randomUUID(), orderId: "../../etc/passwd" }], environment: "../other" });
    expect(status).toBe(400);
    expect(result.error?.issues).toEqual([
      "environment: expected 1 to 64 letters, digits, '_' or '-', starting with a letter or digit",
      "orders[0].orderId: expected 1 to 64 letters, digits, '.', '_' or '-'",
    ]);
    expect(h.sim.requests.length).toBe(before);
    const malformed = await h.execute("{ orders: ");
    expect(malformed.status).toBe(400);
    expect(malformed.result.error?.message).toMatch(/malformed JSON/);
  });

  it("refuses path traversal in an order id and writes nothing outside the storage", async () => {
    const task = h.sim.createTask({ format: "pdf" });
    const { result, status } = await h.execute({ orders: [{ taskId: task.taskId, orderId: ".." }, { taskId: randomUUID(), orderId: "a/../../b" }] });
    expect(status).toBe(400);
    expect(result.orders.map((order) => order.state)).toEqual(["rejected", "rejected"]);
    expect((await h.files()).some((path) => path.includes(task.taskId))).toBe(false);
  });

  it("never sends the token to a download link on another origin", async () => {
    const task = h.sim.createTask({ format: "jpg", sizeBytes: 1234, faults: [{ secondOrigin: true, stage: "status" }] });
    const { result, status } = await h.execute({ orders: [{ taskId: task.taskId, format: "jpg" }] });
    expect(status).toBe(200);
    expect(result.orders[0]).toMatchObject({ state: "downloaded", path: `sim-env/${task.taskId}.jpg`, bytes: 1234 });
    const downloads = downloadRequests(task.taskId);
    expect(downloads).toEqual([expect.objectContaining({ origin: "second", hasAuthorization: false })]);
    expect(statusRequests(task.taskId).every((r) => r.origin === "api" && r.authorizationValid)).toBe(true);
  });

  it("fetches a link on the API origin through grafx-api, with the token", async () => {
    const task = h.sim.createTask({ format: "pdf", sizeBytes: 700 });
    const { result } = await h.execute({ orders: [{ taskId: task.taskId }] });
    expect(result.orders[0]).toMatchObject({ state: "downloaded", bytes: 700 });
    expect(downloadRequests(task.taskId)).toEqual([expect.objectContaining({ origin: "api", authorizationValid: true })]);
  });

  it("takes the extension from the Content-Type when the order names no format", async () => {
    const task = h.sim.createTask({ format: "mp4", sizeBytes: 100 });
    const { result } = await h.execute({ orders: [{ taskId: task.taskId }] });
    expect(result.orders[0]).toMatchObject({ path: `sim-env/${task.taskId}.mp4`, contentType: "video/mp4" });
  });

  it("waits out a short rate limit, and reports a long one as 503 with its Retry-After", async () => {
    const short = h.sim.createTask({ faults: [{ rateLimit: { retryAfterSeconds: 1 }, stage: "status", times: 1 }] });
    const long = h.sim.createTask({ faults: [{ rateLimit: { retryAfterSeconds: 120 }, stage: "status" }] });
    const { result, status } = await h.execute({ orders: [{ taskId: short.taskId }, { taskId: long.taskId }] });
    expect(status).toBe(503);
    expect(result.orders[0]).toMatchObject({ state: "downloaded" });
    expect(result.orders[1]).toMatchObject({ state: "failed", reason: "rate-limited", statusCode: 503, retryAfterSeconds: 120 });
    const [first, second] = statusRequests(short.taskId);
    expect(second!.time - first!.time).toBeGreaterThanOrEqual(990);
  });

  it("retries resets and 5xx, then reports GraFx unreachable (504) and keeps the order pending", async () => {
    const flaky = h.sim.createTask({ faults: [{ reset: true, stage: "status", times: 1 }, { error: { status: 502 }, stage: "download", times: 1 }] });
    const down = h.sim.createTask({ faults: [{ error: { status: 503 }, stage: "status" }] });
    const { result, status } = await h.execute({ orders: [{ taskId: flaky.taskId }, { taskId: down.taskId }] });
    expect(status).toBe(504);
    expect(result.orders[0]).toMatchObject({ state: "downloaded" });
    expect(result.orders[1]).toMatchObject({ state: "failed", reason: "unreachable", statusCode: 504 });
    expect(statusRequests(down.taskId)).toHaveLength(3);
    expect(await h.files()).toContain(`.pending/${down.taskId}.json`);
  });

  it("retries a truncated download and never leaves a partial file", async () => {
    const once = h.sim.createTask({ sizeBytes: 50_000, faults: [{ truncate: { afterBytes: 1000 }, stage: "download", times: 1 }] });
    const always = h.sim.createTask({ sizeBytes: 50_000, faults: [{ truncate: { afterBytes: 1000 }, stage: "download" }] });
    const { result } = await h.execute({ orders: [{ taskId: once.taskId }, { taskId: always.taskId }] });
    expect(result.orders[0]).toMatchObject({ state: "downloaded", bytes: 50_000, sha256: outputSha256({ taskId: once.taskId, format: "pdf", sizeBytes: 50_000 }) });
    expect(result.orders[1]).toMatchObject({ state: "failed", reason: "unreachable", error: expect.stringMatching(/truncated|interrupted/) });
    expect((await h.files()).filter((path) => path.includes(always.taskId))).toEqual([`.pending/${always.taskId}.json`]);
  });

  it("refuses an output over MAX_DOWNLOAD_BYTES (502) and writes nothing", async () => {
    const big = h.sim.createTask({ sizeBytes: 2 * 1024 * 1024 });
    const { result, status } = await h.execute({ orders: [{ taskId: big.taskId }] });
    expect(status).toBe(502);
    expect(result.orders[0]).toMatchObject({ state: "failed", reason: "too-large", statusCode: 502 });
    expect((await h.files()).some((path) => path.includes(big.taskId))).toBe(false);
  });

  it("refreshes an expired token once and carries on", async () => {
    const task = h.sim.createTask({ faults: [{ expireTokens: true, stage: "status", times: 1 }] });
    const issued = h.sim.tokensIssued;
    const { result, status } = await h.execute({ orders: [{ taskId: task.taskId }] });
    expect(status).toBe(200);
    expect(result.orders[0]).toMatchObject({ state: "downloaded" });
    expect(h.sim.tokensIssued).toBe(issued + 1);
  });

  it("answers 500 for an order whose file cannot be written, and keeps it pending", async () => {
    const task = h.sim.createTask();
    // A directory where the file should go makes the write fail.
    await mkdir(join(h.ordersDir, "sim-env", `${task.taskId}.pdf`), { recursive: true });
    const { result, status } = await h.execute({ orders: [{ taskId: task.taskId }] });
    expect(status).toBe(500);
    expect(result.orders[0]).toMatchObject({ state: "failed", reason: "storage-failed", statusCode: 500 });
    expect(await h.files()).toContain(`.pending/${task.taskId}.json`);
  });

  it("writes the same file on a re-run of the same order", async () => {
    const task = h.sim.createTask({ sizeBytes: 4096 });
    const first = await h.execute({ orders: [{ taskId: task.taskId, orderId: "again" }] });
    const firstWrite = await stat(join(h.ordersDir, "sim-env", "again.pdf"));
    const second = await h.execute({ orders: [{ taskId: task.taskId, orderId: "again" }] });
    expect(second.result.orders).toEqual(first.result.orders);
    expect((await stat(join(h.ordersDir, "sim-env", "again.pdf"))).size).toBe(firstWrite.size);
    expect((await h.files()).filter((path) => path.startsWith("sim-env/again"))).toEqual(["sim-env/again.pdf"]);
  });

  it("does not hold the other orders back behind one slow order", async () => {
    const slow = h.sim.createTask({ faults: [{ latencyMs: 2500, stage: "status" }] });
    const fast = Array.from({ length: 6 }, () => h.sim.createTask());
    const { result } = await h.execute({ orders: [slow, ...fast].map(({ taskId }) => ({ taskId })) });
    expect(result.summary.downloaded).toBe(7);
    const slowAnswered = statusRequests(slow.taskId)[0]!.time + 2500;
    for (const { taskId } of fast) expect(downloadRequests(taskId)[0]!.time).toBeLessThan(slowAnswered);
  });

  it("never writes a token or the client secret anywhere but the token cache", async () => {
    const tokens = await h.cachedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    const written = await h.everythingWritten();
    expect(written.length).toBeGreaterThan(0);
    for (const token of tokens) expect(written).not.toContain(token);
    expect(written).not.toContain("sim-secret");
    expect(h.sim.requests.filter((r) => r.origin === "second" && r.hasAuthorization)).toEqual([]);
  });
});

describe("pending orders across executions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ variables: { MAX_PENDING_AGE_SECONDS: "3" } });
  });
  afterAll(async () => h?.close());

  const pendingFiles = async () => (await h.files()).filter((path) => path.startsWith(".pending/"));

  it("keeps every pending order when two executions run at once", async () => {
    const batchA = Array.from({ length: 5 }, () => h.sim.createTask({ durationMs: 1500 }));
    const batchB = Array.from({ length: 5 }, () => h.sim.createTask({ durationMs: 1500 }));
    const [a, b] = await Promise.all([
      h.execute({ orders: batchA.map(({ taskId }) => ({ taskId })) }),
      h.execute({ orders: batchB.map(({ taskId }) => ({ taskId })) }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect((await pendingFiles()).sort()).toEqual([...batchA, ...batchB].map(({ taskId }) => `.pending/${taskId}.json`).sort());

    // Two re-checks at once, after the tasks finished: every order downloaded exactly once in the end.
    const deadline = Date.now() + 10_000;
    let downloaded = new Set<string>();
    while (downloaded.size < 10 && Date.now() < deadline) {
      const runs = await Promise.all([h.execute(""), h.execute("")]);
      for (const run of runs) for (const order of run.result.orders) if (order.state === "downloaded") downloaded.add(order.taskId!);
      if (downloaded.size < 10) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(downloaded.size).toBe(10);
    expect(await pendingFiles()).toEqual([]);
    const files = await h.files();
    for (const { taskId } of [...batchA, ...batchB]) expect(files).toContain(`sim-env/${taskId}.pdf`);
  });

  it("reports an order pending longer than MAX_PENDING_AGE_SECONDS as expired and forgets it", async () => {
    const never = h.sim.createTask({ durationMs: 600_000 });
    const first = await h.execute({ orders: [{ taskId: never.taskId, orderId: "slowpoke" }] });
    expect(first.status).toBe(202);
    // No event marks an order's age passing: wait it out (3 s, the shortest the setting allows here).
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const { result, status } = await h.execute("");
    expect(status).toBe(504);
    expect(result.orders).toEqual([expect.objectContaining({ taskId: never.taskId, orderId: "slowpoke", state: "expired", statusCode: 504 })]);
    expect(await pendingFiles()).toEqual([]);
  });
});

describe("a download link on a host no HTTP agent reaches", () => {
  let h: Harness;
  beforeAll(async () => {
    // The simulator's second origin stays configured as an agent, but GRAFX_DOWNLOAD_BASE_URL does not name it.
    h = await startHarness({ variables: { GRAFX_DOWNLOAD_BASE_URL: "" } });
  });
  afterAll(async () => h?.close());

  it("fails that order alone (502) naming the host and what to configure, and keeps it pending", async () => {
    const offOrigin = h.sim.createTask({ format: "jpg", faults: [{ secondOrigin: true, stage: "status" }] });
    const onApi = h.sim.createTask({ format: "pdf" });
    const { result, status } = await h.execute({ orders: [{ taskId: offOrigin.taskId }, { taskId: onApi.taskId }] });
    expect(status).toBe(502);
    const host = new URL(h.sim.secondOriginUrl).host;
    expect(result.orders[0]).toMatchObject({ taskId: offOrigin.taskId, state: "failed", reason: "bad-response", statusCode: 502 });
    expect(result.orders[0]!.error).toContain(`on host ${host}`);
    expect(result.orders[0]!.error).toContain("GRAFX_DOWNLOAD_BASE_URL");
    expect(result.orders[1]).toMatchObject({ taskId: onApi.taskId, state: "downloaded" });
    expect(await h.files()).toContain(`.pending/${offOrigin.taskId}.json`);
    expect(h.sim.requests.filter((r) => r.origin === "second")).toEqual([]);
  });
});

describe("refused credentials", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ variables: { GRAFX_CLIENT_SECRET: "wrong-secret-value" } });
  });
  afterAll(async () => h?.close());

  it("gives every order 'credentials refused' (502) and keeps it pending", async () => {
    const tasks = [h.sim.createTask(), h.sim.createTask()];
    const { result, status } = await h.execute({ orders: tasks.map(({ taskId }) => ({ taskId })) });
    expect(status).toBe(502);
    expect(result.orders.map((order) => order.reason)).toEqual(["credentials-refused", "credentials-refused"]);
    expect(result.orders[0]!.error).toMatch(/refused the client credentials \(401/);
    expect(JSON.stringify(result)).not.toContain("wrong-secret-value");
    expect((await h.files()).filter((path) => path.startsWith(".pending/"))).toHaveLength(2);
    expect(h.sim.requests.filter((r) => r.stage === "status")).toEqual([]);
  });
});

describe("a logic that fails", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ variables: { CONCURRENCY: "lots" } });
  });
  afterAll(async () => h?.close());

  it("still ends with a result naming the error, under the data process's key, with 500", async () => {
    const { record, result, status } = await h.execute({ orders: [{ taskId: randomUUID() }] });
    expect(status).toBe(500);
    expect(result).toEqual({
      taskKey: { executionId: record.executionId, taskId: expect.any(String) },
      summary: { total: 0, downloaded: 0, pending: 0, failed: 0, rejected: 0, expired: 0 },
      orders: [],
      error: { name: "SettingsError", message: 'logic variable CONCURRENCY: expected an integer from 1 to 256, got "lots"' },
    });
    const logicErrors = record.logs.filter((entry) => entry.message.includes('"event":"logic-error"')).map((entry) => entry.logic);
    expect(logicErrors).toEqual(["read-orders", "process-orders"]);
  });
});
