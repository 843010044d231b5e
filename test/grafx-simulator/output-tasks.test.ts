import { describe, expect, it } from "vitest";
import { outputSha256, type OutputFormat } from "../../grafx-simulator";
import { bearer, countBody, eventually, fetchFinishedTask, getToken, outputUrl, startSimulator, taskUrl } from "./helpers";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("GraFx simulator: output tasks", () => {
  it("creates a task over the GraFx API, answers 204 until its duration passes, then 200 with a download link", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const created = await fetch(outputUrl(simulator, "png"), {
      method: "POST",
      headers: { ...bearer(token), "Content-Type": "application/json" },
      body: JSON.stringify({ templateId: "ignored", durationMs: 200, sizeBytes: 3000 }),
    });
    expect(created.status).toBe(201);
    const { data, links } = (await created.json()) as { data: { taskId: string }; links: { taskInfo: string } };
    expect(data.taskId).toMatch(guid);
    expect(links.taskInfo).toBe(taskUrl(simulator, data.taskId));

    const first = await fetch(links.taskInfo, { headers: bearer(token) });
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");

    const finished = await eventually(async () => {
      const response = await fetch(links.taskInfo, { headers: bearer(token) });
      return response.status === 200 ? ((await response.json()) as { data: Record<string, unknown>; links: { download: string } }) : undefined;
    });
    expect(finished.data).toMatchObject({ taskId: data.taskId, status: "Succeeded", format: "png" });
    expect(finished.links.download.startsWith(`${simulator.url}/`)).toBe(true);

    const download = await fetch(finished.links.download, { headers: bearer(token) });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-length")).toBe("3000");
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(3000);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("serves each format with its Content-Type and deterministic bytes", async () => {
    const simulator = await startSimulator({ defaultSizeBytes: 5000 });
    const token = await getToken(simulator);
    const expected: Record<OutputFormat, string> = {
      pdf: "application/pdf",
      png: "image/png",
      jpg: "image/jpeg",
      gif: "image/gif",
      mp4: "video/mp4",
      zip: "application/zip",
    };
    for (const [format, contentType] of Object.entries(expected) as [OutputFormat, string][]) {
      const { taskId } = simulator.createTask({ format });
      const { links } = await fetchFinishedTask(simulator, taskId, token);
      const download = await fetch(links.download, { headers: bearer(token) });
      expect(download.headers.get("content-type"), format).toBe(contentType);
      expect((await countBody(download)).sha256, format).toBe(outputSha256({ taskId, format, sizeBytes: 5000 }));
    }
  });

  it("uses a task's contentType override on download", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ format: "zip", contentType: "application/x-zip-compressed", sizeBytes: 10 });
    const { links } = await fetchFinishedTask(simulator, taskId, token);
    const download = await fetch(links.download, { headers: bearer(token) });
    expect(download.headers.get("content-type")).toBe("application/x-zip-compressed");
    await download.arrayBuffer();
  });

  it("answers 500 with the failure text for a failed task, and has nothing to download", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ fail: "Font 'Brand Sans' is missing" });
    const status = await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    expect(status.status).toBe(500);
    expect(await status.text()).toBe("Font 'Brand Sans' is missing");
    const download = await fetch(`${taskUrl(simulator, taskId)}/download`, { headers: bearer(token) });
    expect(download.status).toBe(409);
  });

  it("keeps a failing task at 204 until its duration passes", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask({ fail: "boom", durationMs: 60_000 });
    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer(token) })).status).toBe(204);
    expect((await fetch(`${taskUrl(simulator, taskId)}/download`, { headers: bearer(token) })).status).toBe(409);
  });

  it("answers 404 with an error for an unknown task and for a wrong environment", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const unknown = await fetch(taskUrl(simulator, "00000000-0000-4000-8000-000000000000"), { headers: bearer(token) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain("00000000-0000-4000-8000-000000000000");

    const { taskId } = simulator.createTask();
    const otherEnvironment = await fetch(taskUrl(simulator, taskId, "other-env"), { headers: bearer(token) });
    expect(otherEnvironment.status).toBe(404);
    expect(await otherEnvironment.json()).toEqual({ error: "environment other-env not found" });
  });

  it("requires the bearer token for a download on the API origin", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask();
    const { links } = await fetchFinishedTask(simulator, taskId, token);
    expect((await fetch(links.download)).status).toBe(401);
    expect((await fetch(links.download, { headers: bearer("forged") })).status).toBe(401);
  });

  it("refuses unknown formats and bad overrides with 400, and creation without a token with 401", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const tiff = await fetch(outputUrl(simulator, "tiff"), { method: "POST", headers: bearer(token) });
    expect(tiff.status).toBe(400);
    const badSize = await fetch(outputUrl(simulator, "pdf"), {
      method: "POST",
      headers: bearer(token),
      body: JSON.stringify({ sizeBytes: -1 }),
    });
    expect(badSize.status).toBe(400);
    expect(((await badSize.json()) as { error: string }).error).toMatch(/^sizeBytes: /);
    expect((await fetch(outputUrl(simulator, "pdf"), { method: "POST" })).status).toBe(401);
  });

  it("rejects invalid createTask input, naming the field", async () => {
    const simulator = await startSimulator();
    expect(() => simulator.createTask({ format: "tiff" as OutputFormat })).toThrow(/format/);
    expect(() => simulator.createTask({ faults: [{ error: { status: 200 } }] })).toThrow(/faults\[0\]\.error\.status/);
  });
});
