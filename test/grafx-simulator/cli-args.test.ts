import { describe, expect, it } from "vitest";
import { parseCliArgs, parseFaultSpec } from "../../grafx-simulator/cli-args";

describe("GraFx simulator CLI: flags", () => {
  it("turns fault specs into faults", () => {
    expect(parseFaultSpec("rateLimit=2")).toEqual({ stage: "any", rateLimit: { retryAfterSeconds: 2 } });
    expect(parseFaultSpec("rateLimit")).toEqual({ stage: "any", rateLimit: { retryAfterSeconds: 1 } });
    expect(parseFaultSpec("error=502,stage=status,times=3")).toEqual({ stage: "status", times: 3, error: { status: 502 } });
    expect(parseFaultSpec("latency=250")).toEqual({ stage: "any", latencyMs: 250 });
    expect(parseFaultSpec("truncate=100,stage=download")).toEqual({ stage: "download", truncate: { afterBytes: 100 } });
    expect(parseFaultSpec("reset,times=1")).toEqual({ stage: "any", times: 1, reset: true });
    expect(parseFaultSpec("hang")).toEqual({ stage: "any", hang: true });
    expect(parseFaultSpec("secondOrigin")).toEqual({ stage: "any", secondOrigin: true });
    expect(parseFaultSpec("expireTokens,times=1")).toEqual({ stage: "any", times: 1, expireTokens: true });
    expect(parseFaultSpec("expireTokens=5")).toEqual({ stage: "any", expireTokens: { afterSeconds: 5 } });
  });

  it("explains a bad fault spec", () => {
    expect(() => parseFaultSpec("explode")).toThrow(/unknown fault "explode"/);
    expect(() => parseFaultSpec("latency")).toThrow(/latency=N/);
    expect(() => parseFaultSpec("error=200")).toThrow(/error\.status/);
    expect(() => parseFaultSpec("reset,stage=later")).toThrow(/stage/);
    expect(() => parseFaultSpec("reset,every=2")).toThrow(/unknown modifier/);
  });

  it("maps flags to options and sample tasks", () => {
    const settings = parseCliArgs(["--port", "4010", "--tasks", "2", "--duration-ms", "2000", "--size", "4096", "--format", "png", "--fault", "rateLimit=2", "--fault", "hang,stage=download"]);
    expect(settings.options).toMatchObject({ port: 4010, faults: [{ rateLimit: { retryAfterSeconds: 2 } }, { hang: true, stage: "download" }] });
    expect(settings.sampleTasks).toEqual({ count: 2, format: "png", durationMs: 2000, sizeBytes: 4096 });
    expect(parseCliArgs([]).sampleTasks.count).toBe(3);
    expect(parseCliArgs(["--help"]).help).toBe(true);
    expect(() => parseCliArgs(["--port", "abc"])).toThrow(/--port/);
    expect(() => parseCliArgs(["--format", "tiff"])).toThrow(/--format/);
    expect(() => parseCliArgs(["--bogus"])).toThrow();
  });
});
