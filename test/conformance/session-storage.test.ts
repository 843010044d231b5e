/** SessionStorageAgent: values shared by the logics of one task, and by nothing else. */
import { describe, expect, it } from "vitest";
import { conformanceRuntime, executeManually, runOnce } from "./harness";

const utf8 = (text: string) => ({ bytes: Array.from(new TextEncoder().encode(text)) });

describe("SessionStorageAgent", () => {
  it("puts strings, JSON and bytes (a string given to putByteArray as its UTF-8 bytes), gets them back, deletes and removes", async () => {
    const record = await runOnce({
      generic: ["agents/session-storage.ts"],
      aggregator: "session-report.ts",
      variables: {
        REPORT_KEYS: "fstnetwork,foo,bar,is87,is87_check,byteArrayByString,baz,deleteMe,removeMe,puts,missing",
      },
    });
    expect(record.result).toEqual({
      session: {
        fstnetwork: "awesome",
        foo: 1,
        bar: 4,
        is87: { bytes: [0x94, 0x87, 0x94, 0x87] },
        is87_check: { isUint8Array: true, isEqual: true },
        byteArrayByString: utf8("fromStr"),
        baz: { baz: 777, list: [1, 2] },
        deleteMe: null,
        removeMe: null,
        puts: [true, true, true, true, true],
        missing: { isNull: true },
      },
    });
    expect(record.logs).toEqual([]);
  });

  it("is shared by the logics of one task (generic A → generic B → aggregator), as the SDK's sample data process", async () => {
    const record = await runOnce({
      generic: ["agents/session-writer.ts", "agents/session-reader.ts"],
      aggregator: "session-report.ts",
      variables: { REPORT_KEYS: "fstnetwork,kuma" },
    });
    expect(record.result).toEqual({ session: { fstnetwork: 6000, kuma: 12000 } });
  });

  it("belongs to one task: another data process of the same execution, and a later execution, start empty", async () => {
    const runtime = await conformanceRuntime({
      dataProcesses: {
        writes: {
          generic: ["agents/session-writer.ts", "agents/session-reader.ts"],
          aggregator: "session-report.ts",
          variables: { REPORT_KEYS: "writtenBy,kuma", REPORT_AS: "writes" },
        },
        reads: {
          generic: ["agents/session-reader.ts"],
          aggregator: "session-report.ts",
          variables: { REPORT_KEYS: "writtenBy,kuma", REPORT_AS: "reads" },
        },
      },
    });
    const together = await executeManually(runtime, ["writes", "reads"]);
    expect(together.result).toEqual({
      writes: { writtenBy: "writes", kuma: 12000 },
      reads: { writtenBy: null, kuma: 6000 },
    });

    const later = await executeManually(runtime, ["reads"]);
    expect(later.result).toEqual({ reads: { writtenBy: null, kuma: 6000 } });
  });
});
