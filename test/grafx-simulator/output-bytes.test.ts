import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { outputChunks, outputSha256, type OutputFormat } from "../../grafx-simulator";

const taskId = "3f1d6e0a-2b9c-4c3e-8f7a-5d4b3a2c1e0f";
const concat = (chunks: Iterable<Buffer>) => Buffer.concat([...chunks]);

describe("GraFx simulator: output bytes", () => {
  it("is the same for the same task, different for another task", () => {
    const one = concat(outputChunks({ taskId, format: "png", sizeBytes: 200_000 }));
    const again = concat(outputChunks({ taskId, format: "png", sizeBytes: 200_000 }));
    const other = concat(outputChunks({ taskId: "4f1d6e0a-2b9c-4c3e-8f7a-5d4b3a2c1e0f", format: "png", sizeBytes: 200_000 }));
    expect(one.equals(again)).toBe(true);
    expect(one.equals(other)).toBe(false);
    expect(one.length).toBe(200_000);
  });

  it("cuts at limitBytes to a prefix of the whole file", () => {
    const whole = concat(outputChunks({ taskId, format: "pdf", sizeBytes: 150_000 }));
    const truncated = concat(outputChunks({ taskId, format: "pdf", sizeBytes: 150_000 }, 70_001));
    expect(truncated.equals(whole.subarray(0, 70_001))).toBe(true);
  });

  it("starts with the format's magic bytes, even when smaller than them", () => {
    const starts: Record<OutputFormat, string> = {
      pdf: "255044462d",
      png: "89504e47",
      jpg: "ffd8ff",
      gif: "474946383961",
      mp4: "0000001866747970",
      zip: "504b0304",
    };
    for (const [format, hex] of Object.entries(starts) as [OutputFormat, string][]) {
      expect(concat(outputChunks({ taskId, format, sizeBytes: 100 })).toString("hex").startsWith(hex), format).toBe(true);
    }
    expect(concat(outputChunks({ taskId, format: "pdf", sizeBytes: 3 })).toString()).toBe("%PD");
    expect(concat(outputChunks({ taskId, format: "pdf", sizeBytes: 0 })).length).toBe(0);
  });

  it("hashes the same bytes it streams", () => {
    const bytes = concat(outputChunks({ taskId, format: "zip", sizeBytes: 99_999 }));
    expect(outputSha256({ taskId, format: "zip", sizeBytes: 99_999 })).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});
