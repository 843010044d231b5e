import { describe, expect, it } from "vitest";
import { outputChunks, outputSha256 } from "../../grafx-simulator";
import { bearer, countBody, fetchFinishedTask, getToken, startSimulator } from "./helpers";

const MiB = 1024 * 1024;

describe("GraFx simulator: large outputs", () => {
  it("streams a 64 MiB download with the announced length and the expected bytes", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const sizeBytes = 64 * MiB;
    const { taskId } = simulator.createTask({ format: "pdf", sizeBytes });
    const { links, data } = await fetchFinishedTask(simulator, taskId, token);
    expect(data.sizeBytes).toBe(sizeBytes);
    const response = await fetch(links.download, { headers: bearer(token) });
    expect(response.headers.get("content-length")).toBe(String(sizeBytes));
    expect(await countBody(response)).toEqual({ bytes: sizeBytes, sha256: outputSha256({ taskId, format: "pdf", sizeBytes }) });
  });

  it("generates a 600 MiB output from two reused 64 KiB buffers", () => {
    const description = { taskId: "8d1c2b54-7c44-4e55-9f1e-0b1f2a3c4d5e", format: "pdf" as const, sizeBytes: 600 * MiB };
    const distinct = new Set<ArrayBufferLike>();
    let bytes = 0;
    for (const chunk of outputChunks(description)) {
      expect(chunk.length).toBeLessThanOrEqual(64 * 1024);
      distinct.add(chunk.buffer);
      bytes += chunk.length;
    }
    expect(bytes).toBe(600 * MiB);
    expect(distinct.size).toBeLessThanOrEqual(2);
  });
});
