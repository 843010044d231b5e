import { describe, expect, it } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { bearer, countBody, eventually, fetchFinishedTask, getToken, requestToken, startSimulator, taskUrl } from "./helpers";

/** Reads a body until it ends or breaks; returns how many bytes arrived and whether it broke. */
async function readUntilBroken(response: Response): Promise<{ bytes: number; broken: boolean }> {
  const reader = response.body!.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, broken: false };
      bytes += value.byteLength;
    }
  } catch {
    return { bytes, broken: true };
  }
}

describe("GraFx simulator: fault injection", () => {
  it("delays answers by latencyMs", async () => {
    const simulator = await startSimulator({ faults: [{ latencyMs: 300, stage: "status" }] });
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask();
    const started = performance.now();
    const response = await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("delays many requests at once without a listener-leak warning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", onWarning);
    try {
      const simulator = await startSimulator({ faults: [{ latencyMs: 100, stage: "status" }] });
      const token = await getToken(simulator);
      const statuses = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const response = await fetch(taskUrl(simulator, simulator.createTask().taskId), { headers: bearer(token) });
          await response.body?.cancel();
          return response.status;
        }),
      );
      expect(statuses).toEqual(Array.from({ length: 16 }, () => 200));
      // A warning is emitted on the next tick after the listener that crossed the limit.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("answers 429 with Retry-After for rateLimit", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ faults: [{ rateLimit: { retryAfterSeconds: 7 } }] });
    const response = await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
  });

  it("answers the configured 5xx status", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    for (const status of [500, 502, 503]) {
      const { taskId } = simulator.createTask({ faults: [{ error: { status } }] });
      const response = await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: `simulated error ${status}` });
    }
  });

  it("resets the connection without an answer", async () => {
    const simulator = await startSimulator({ faults: [{ reset: true, stage: "token" }] });
    await expect(requestToken(simulator)).rejects.toThrow(/fetch failed/);
    expect(simulator.requests.at(-1)).toMatchObject({ stage: "token" });
    expect(simulator.requests.at(-1)?.status).toBeUndefined();
  });

  it("truncates a download: full Content-Length announced, part of the body sent, then the connection closes", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ sizeBytes: 1_000_000, faults: [{ truncate: { afterBytes: 300_000 } }] });
    const { links } = await fetchFinishedTask(simulator, taskId, token);
    const response = await fetch(links.download, { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("1000000");
    expect(await readUntilBroken(response)).toEqual({ bytes: 300_000, broken: true });
  });

  it("hangs without answering until close(), which still resolves", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ faults: [{ hang: true }] });
    const pending = fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    await eventually(() => (simulator.requests.some((request) => request.stage === "status") ? true : undefined));
    await simulator.close();
    expect(await outcome).toBe("failed");
  });

  it("close() also ends a request waiting out its latency", async () => {
    const simulator = await startSimulator({ faults: [{ latencyMs: 60_000 }] });
    const pending = requestToken(simulator).then(
      () => "answered",
      () => "failed",
    );
    await eventually(() => (simulator.requests.length > 0 ? true : undefined));
    const started = performance.now();
    await simulator.close();
    expect(await pending).toBe("failed");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("points secondOrigin downloads at the second origin, which needs no token and records whether one came", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ format: "jpg", sizeBytes: 2048, faults: [{ secondOrigin: true }] });
    const { links } = await fetchFinishedTask(simulator, taskId, token);
    expect(links.download).toBe(`${simulator.secondOriginUrl}/files/${taskId}/output.jpg`);
    expect(new URL(links.download).origin).not.toBe(new URL(simulator.url).origin);

    const anonymous = await fetch(links.download);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("content-type")).toBe("image/jpeg");
    expect((await countBody(anonymous)).sha256).toBe(outputSha256({ taskId, format: "jpg", sizeBytes: 2048 }));

    await (await fetch(links.download, { headers: bearer(token) })).arrayBuffer();

    const second = simulator.requests.filter((request) => request.origin === "second");
    expect(second.map(({ hasAuthorization, authorizationValid, stage }) => ({ hasAuthorization, authorizationValid, stage }))).toEqual([
      { hasAuthorization: false, authorizationValid: false, stage: "download" },
      { hasAuthorization: true, authorizationValid: true, stage: "download" },
    ]);
  });

  it("limits a fault to its first N requests with times", async () => {
    const simulator = await startSimulator({ faults: [{ error: { status: 503 }, stage: "status", times: 2 }] });
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask();
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      statuses.push((await fetch(taskUrl(simulator, taskId), { headers: bearer(token) })).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("does not use up a modifier on a request an answer fault already replaced", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({
      sizeBytes: 1000,
      faults: [
        { rateLimit: { retryAfterSeconds: 1 }, stage: "download", times: 1 },
        { truncate: { afterBytes: 10 }, times: 1 },
      ],
    });
    const { links } = await fetchFinishedTask(simulator, taskId, token);
    const first = await fetch(links.download, { headers: bearer(token) });
    expect(first.status).toBe(429);
    await first.arrayBuffer();
    expect(await readUntilBroken(await fetch(links.download, { headers: bearer(token) }))).toEqual({ bytes: 10, broken: true });
    expect(await readUntilBroken(await fetch(links.download, { headers: bearer(token) }))).toEqual({ bytes: 1000, broken: false });
  });

  it("applies task faults to that task only, global faults to all, each at its stage", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const faulty = simulator.createTask().taskId;
    const healthy = simulator.createTask().taskId;
    simulator.setTaskFaults(faulty, [{ error: { status: 502 }, stage: "status" }]);
    expect((await fetch(taskUrl(simulator, faulty), { headers: bearer(token) })).status).toBe(502);
    expect((await fetch(taskUrl(simulator, healthy), { headers: bearer(token) })).status).toBe(200);

    simulator.setFaults([{ error: { status: 503 }, stage: "download" }]);
    expect((await fetch(taskUrl(simulator, healthy), { headers: bearer(token) })).status).toBe(200);
    expect((await fetch(`${taskUrl(simulator, healthy)}/download`, { headers: bearer(token) })).status).toBe(503);

    simulator.setFaults([]);
    const download = await fetch(`${taskUrl(simulator, healthy)}/download`, { headers: bearer(token) });
    expect(download.status).toBe(200);
    await download.arrayBuffer();
  });

  it("refuses invalid faults, naming the field", async () => {
    const simulator = await startSimulator();
    expect(() => simulator.setFaults([{ error: { status: 200 } }])).toThrow(/faults\[0\]\.error\.status/);
    expect(() => simulator.setFaults([{ reset: true, hang: true }])).toThrow(/exactly one effect/);
    expect(() => simulator.setFaults([{ stage: "status" }])).toThrow(/exactly one effect/);
    expect(() => simulator.setTaskFaults("00000000-0000-4000-8000-000000000000", [])).toThrow(/not found/);
  });
});
