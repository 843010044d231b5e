import { afterEach, describe, expect, it } from "vitest";
import {
  FileStorageAgent,
  LocalStorageAgent,
  LoggingAgent,
  LogicVariable,
  ResultAgent,
  SessionStorageAgent,
} from "@fstnetwork/loc-logic-sdk";
import { installFakeDeno, type FakeDeno } from "./fakeDeno";

let deno: FakeDeno;
afterEach(() => deno.restore());

describe("ResultAgent", () => {
  it("sets the result and status code synchronously and chains", () => {
    deno = installFakeDeno();
    const returned = ResultAgent.finalize({ a: 1 }).httpStatusCode(404).finalize({ b: 2 });
    expect(returned).toBe(ResultAgent);
    expect(deno.calls).toEqual([
      { name: "op_result_agent_set", args: [{ a: 1 }], sync: true },
      { name: "op_result_agent_set_http_status_code", args: [404], sync: true },
      { name: "op_result_agent_set", args: [{ b: 2 }], sync: true },
    ]);
  });

  it("still chains when a method is called detached", () => {
    deno = installFakeDeno();
    const { finalize } = ResultAgent;
    expect(finalize({ a: 1 })).toBe(ResultAgent);
  });
});

describe("LoggingAgent", () => {
  it("logs strings as Plaintext and objects as Json, at each level, as the real SDK's op_log record", () => {
    deno = installFakeDeno();
    LoggingAgent.trace("t");
    LoggingAgent.debug("d");
    LoggingAgent.info("hello");
    LoggingAgent.warn({ orderId: "o-1", attempts: 2 });
    LoggingAgent.error("e");
    LoggingAgent.log("info", ["x"]);
    expect(deno.calls.every((c) => c.sync)).toBe(true);
    expect(deno.callsOf("op_log")).toEqual([
      [{ level: "Trace", message: { Plaintext: "t" } }],
      [{ level: "Debug", message: { Plaintext: "d" } }],
      [{ level: "Info", message: { Plaintext: "hello" } }],
      [{ level: "Warn", message: { Json: { orderId: "o-1", attempts: 2 } } }],
      [{ level: "Error", message: { Plaintext: "e" } }],
      [{ level: "Info", message: { Json: ["x"] } }],
    ]);
  });

  it("hands even an object JSON cannot represent to the host without throwing", () => {
    deno = installFakeDeno();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => LoggingAgent.info(cyclic)).not.toThrow();
    expect(deno.callsOf("op_log")).toEqual([[{ level: "Info", message: { Json: cyclic } }]]);
  });
});

describe("SessionStorageAgent", () => {
  it("stores values tagged by kind and reads them back through the host", async () => {
    deno = installFakeDeno({ op_session_storage_agent_get: () => ({ n: 1 }) });
    await SessionStorageAgent.putJson("j", { n: 1 });
    await SessionStorageAgent.putString("s", "text");
    await SessionStorageAgent.putByteArray("b", "hé");
    await SessionStorageAgent.putByteArray("raw", new Uint8Array([1, 2]));
    expect(await SessionStorageAgent.get("j")).toEqual({ n: 1 });
    await SessionStorageAgent.delete("j");
    await SessionStorageAgent.remove("s");
    expect(deno.calls.every((c) => !c.sync)).toBe(true);
    expect(deno.calls.map((c) => [c.name, ...c.args])).toEqual([
      ["op_session_storage_agent_put", { key: "j", value: { Json: { n: 1 } } }],
      ["op_session_storage_agent_put", { key: "s", value: { String: "text" } }],
      ["op_session_storage_agent_put", { key: "b", value: { ByteArray: new Uint8Array([0x68, 0xc3, 0xa9]) } }],
      ["op_session_storage_agent_put", { key: "raw", value: { ByteArray: new Uint8Array([1, 2]) } }],
      ["op_session_storage_agent_get", "j"],
      ["op_session_storage_agent_delete", "j"],
      ["op_session_storage_agent_delete", "s"],
    ]);
  });
});

describe("LocalStorageAgent", () => {
  it("passes the timeout in seconds only when given", async () => {
    deno = installFakeDeno({ op_local_storage_agent_get: () => null });
    await LocalStorageAgent.putString("s", "v", 60);
    await LocalStorageAgent.putJson("j", [1]);
    await LocalStorageAgent.putByteArray("b", new Uint8Array([9]), 5);
    expect(await LocalStorageAgent.get("missing")).toBeNull();
    await LocalStorageAgent.remove("s");
    const puts = deno.callsOf("op_local_storage_agent_put");
    expect(puts).toEqual([
      [{ key: "s", value: { String: "v" }, timeout: 60 }],
      [{ key: "j", value: { Json: [1] } }],
      [{ key: "b", value: { ByteArray: new Uint8Array([9]) }, timeout: 5 }],
    ]);
    expect(puts[1]?.[0]).not.toHaveProperty("timeout");
    expect(deno.callsOf("op_local_storage_agent_delete")).toEqual([["s"]]);
  });
});

describe("FileStorageAgent", () => {
  it("addresses every operation by the acquired configuration id and path", async () => {
    deno = installFakeDeno({
      op_file_storage_agent_acquire: () => "cfg-1",
      op_file_storage_agent_simple_put: (_target: never, data: Uint8Array) => data.length,
      op_file_storage_agent_simple_get: () => new Uint8Array([7]),
      op_file_storage_agent_list: () => [{ type: "file", name: "a.txt" }],
    });
    const files = await FileStorageAgent.acquire("orders-ftp");
    expect(await files.simplePut("out/a.txt", "hé", { ensureDir: true })).toBe(3);
    expect(await files.simplePut("b.bin", new Uint8Array([1]))).toBe(1);
    expect(await files.simpleGet("out/a.txt")).toEqual(new Uint8Array([7]));
    expect(await files.list("out")).toEqual([{ type: "file", name: "a.txt" }]);
    await files.delete("out/a.txt");
    await files.createDirAll("x/y");
    expect(deno.calls.map((c) => [c.name, ...c.args])).toEqual([
      ["op_file_storage_agent_acquire", "orders-ftp"],
      [
        "op_file_storage_agent_simple_put",
        { configurationId: "cfg-1", path: "out/a.txt", ensureDir: true },
        new Uint8Array([0x68, 0xc3, 0xa9]),
      ],
      ["op_file_storage_agent_simple_put", { configurationId: "cfg-1", path: "b.bin", ensureDir: false }, new Uint8Array([1])],
      ["op_file_storage_agent_simple_get", { configurationId: "cfg-1", path: "out/a.txt" }],
      ["op_file_storage_agent_list", { configurationId: "cfg-1", path: "out" }],
      ["op_file_storage_agent_delete", { configurationId: "cfg-1", path: "out/a.txt" }],
      ["op_file_storage_agent_create_dir_all", { configurationId: "cfg-1", path: "x/y" }],
    ]);
  });
});

describe("LogicVariable", () => {
  it("reads a variable synchronously, null when unset", () => {
    deno = installFakeDeno({ op_logic_variable_get: (name: string) => (name === "env" ? "prod" : null) });
    expect(LogicVariable.get("env")).toBe("prod");
    expect(LogicVariable.get("other")).toBeNull();
    expect(deno.calls.every((c) => c.sync && c.name === "op_logic_variable_get")).toBe(true);
  });
});
