/**
 * LocalStorageAgent: kept for the data process across executions (and restarts of the runtime)
 * until its timeout — 300 s unless given, at most 86,400 s — in generic logics only. Time is the
 * runtime's injectable clock: no sleeps.
 */
import { describe, expect, it } from "vitest";
import type { RuntimeOptions } from "../../runtime/executor";
import { tempDir } from "../runtime/helpers";
import { conformanceRuntime, executeManually, runOnce } from "./harness";

const utf8 = (text: string) => ({ bytes: Array.from(new TextEncoder().encode(text)), text });
const SDK_TEST_KEYS = ["fstnetwork", "fst", "kawa", "byteArrayByString", "foo", "bar", "baz", "deleteMe", "is87", "is87_check"];

function reader(keys: string[]) {
  return {
    generic: ["agents/local-storage-reader.ts"],
    aggregator: "session-report.ts",
    variables: { READ_KEYS: keys.join(","), REPORT_KEYS: "local" },
  };
}

/** `orders` runs the SDK's local storage test once; a second runtime on the same state reads `orders`' storage. */
async function putThenReader(keys: string[], options: RuntimeOptions = {}) {
  const stateDir = await tempDir();
  const writer = await conformanceRuntime({
    stateDir,
    options,
    dataProcesses: { orders: { generic: ["agents/local-storage.ts"], aggregator: "session-report.ts" } },
  });
  const put = await executeManually(writer, ["orders"]);
  expect(put.logs).toEqual([]);
  const later = await conformanceRuntime({ stateDir, options, dataProcesses: { orders: reader(keys), other: reader(keys) } });
  return (dataProcess = "orders") => executeManually(later, [dataProcess]);
}

describe("LocalStorageAgent", () => {
  it("keeps every put kind for later executions of the data process; a deleted key reads null", async () => {
    const read = await putThenReader(SDK_TEST_KEYS);
    const record = await read();
    expect(record.result).toEqual({
      session: {
        local: {
          fstnetwork: "awesome",
          fst: utf8("bar"),
          kawa: utf8("yo"),
          byteArrayByString: utf8("fromStr"),
          foo: 1,
          bar: 4,
          baz: { baz: 777 },
          deleteMe: null,
          is87: { bytes: [0x94, 0x87, 0x94, 0x87], text: new TextDecoder().decode(Uint8Array.from([0x94, 0x87, 0x94, 0x87])) },
          is87_check: { isUint8Array: true, isEqual: true },
        },
      },
    });
  });

  it("belongs to its data process: another one does not see it", async () => {
    const read = await putThenReader(["fstnetwork", "foo"]);
    expect((await read("other")).result).toEqual({ session: { local: { fstnetwork: null, foo: null } } });
  });

  it("expires a value after the timeout given with it, else after 300 s; one day is the longest", async () => {
    const start = Date.parse("2024-05-01T10:00:00Z");
    let now = start;
    const read = await putThenReader(["short", "default", "long"], { now: () => now });

    now = start + 9_000;
    expect((await read()).result).toEqual({ session: { local: { short: "ten seconds", default: "five minutes", long: { day: 1 } } } });
    now = start + 10_000;
    expect((await read()).result).toEqual({ session: { local: { short: null, default: "five minutes", long: { day: 1 } } } });
    now = start + 300_000;
    expect((await read()).result).toEqual({ session: { local: { short: null, default: null, long: { day: 1 } } } });
    now = start + 86_400_000;
    expect((await read()).result).toEqual({ session: { local: { short: null, default: null, long: null } } });
  });

  it("refuses a timeout past one day at the put, naming LOC's limit", async () => {
    const record = await runOnce({ generic: ["agents/local-storage-limits.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: "limits" } });
    expect(record.result).toEqual({
      session: {
        limits: { refused: true, name: "RangeError", message: expect.stringMatching(/timeout 172800 s is out of range.*at most 86400 seconds \(default 300\)/) },
      },
    });
  });

  it("is not available to the aggregator logic", async () => {
    const record = await runOnce({ aggregator: "agents/local-storage-in-aggregator.ts" });
    expect(record.result).toEqual({
      refused: true,
      message: 'LocalStorageAgent is only available in generic logic (logic "local-storage-in-aggregator")',
    });
  });
});
