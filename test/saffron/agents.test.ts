import { describe, expect, it } from "vitest";
import { createIsolate } from "./isolate";

const bytes = (text: string) => [...new TextEncoder().encode(text)];

describe("ResultAgent", () => {
  it("sets the result and status synchronously, chainable", async () => {
    const { saffron, calls } = await createIsolate({ kind: "aggregator" });
    const agent = saffron.ResultAgent;
    expect(agent.finalize({ orders: 2 }).httpStatusCode(207)).toBe(agent);
    expect(calls).toEqual([
      { name: "op_result_agent_set", args: [{ orders: 2 }] },
      { name: "op_result_agent_set_http_status_code", args: [207] },
    ]);
  });
});

describe("LoggingAgent", () => {
  it("records a string as Plaintext and anything else as Json, with LOC's level names", async () => {
    const { saffron, callsOf } = await createIsolate();
    const log = saffron.LoggingAgent;
    log.trace("t");
    log.debug({ d: 1 });
    log.info("i");
    log.warn(["w"]);
    log.error("e");
    log.log("Info", { custom: true });
    expect(callsOf("op_log").map(([record]) => record)).toEqual([
      { level: "Trace", message: { Plaintext: "t" } },
      { level: "Debug", message: { Json: { d: 1 } } },
      { level: "Info", message: { Plaintext: "i" } },
      { level: "Warn", message: { Json: ["w"] } },
      { level: "Error", message: { Plaintext: "e" } },
      { level: "Info", message: { Json: { custom: true } } },
    ]);
  });
});

describe("SessionStorageAgent", () => {
  it("tags each value by kind, encodes a string given as bytes, and resolves the host's boolean", async () => {
    let accepted = true;
    const { saffron, callsOf } = await createIsolate({
      answers: {
        op_session_storage_agent_put: () => accepted,
        op_session_storage_agent_get: () => "awesome",
        op_session_storage_agent_delete: () => undefined,
      },
    });
    const storage = saffron.SessionStorageAgent;
    expect(await storage.putString("s", "awesome")).toBe(true);
    expect(await storage.putJson("j", { n: 1 })).toBe(true);
    expect(await storage.putByteArray("b", new Uint8Array([0x94, 0x87]))).toBe(true);
    accepted = false;
    expect(await storage.putByteArray("t", "hé")).toBe(false);
    expect(await storage.get("s")).toBe("awesome");
    await storage.delete("s");
    await storage.remove("j");

    const puts = callsOf("op_session_storage_agent_put").map(([entry]) => entry as { key: string; value: Record<string, unknown> });
    expect(puts.slice(0, 2)).toEqual([
      { key: "s", value: { String: "awesome" } },
      { key: "j", value: { Json: { n: 1 } } },
    ]);
    expect([...(puts[2]!.value.ByteArray as Uint8Array)]).toEqual([0x94, 0x87]);
    expect([...(puts[3]!.value.ByteArray as Uint8Array)]).toEqual(bytes("hé"));
    expect(callsOf("op_session_storage_agent_get")).toEqual([["s"]]);
    expect(callsOf("op_session_storage_agent_delete")).toEqual([["s"], ["j"]]);
  });
});

describe("LocalStorageAgent", () => {
  it("tags values and passes the timeout only when given", async () => {
    const { saffron, callsOf } = await createIsolate({
      answers: {
        op_local_storage_agent_put: () => undefined,
        op_local_storage_agent_get: () => null,
        op_local_storage_agent_delete: () => undefined,
      },
    });
    const storage = saffron.LocalStorageAgent;
    await storage.putJson("token", { value: "t" }, 600);
    await storage.putString("name", "n");
    await storage.putByteArray("raw", "ab", 10);
    expect(await storage.get("missing")).toBeNull();
    await storage.remove("token");
    const puts = callsOf("op_local_storage_agent_put").map(([entry]) => entry as Record<string, unknown>);
    expect(puts[0]).toEqual({ key: "token", value: { Json: { value: "t" } }, timeout: 600 });
    expect(puts[1]).toEqual({ key: "name", value: { String: "n" } });
    expect(Object.keys(puts[1]!)).toEqual(["key", "value"]);
    expect(puts[2]!.timeout).toBe(10);
    expect([...((puts[2]!.value as { ByteArray: Uint8Array }).ByteArray)]).toEqual(bytes("ab"));
    expect(callsOf("op_local_storage_agent_delete")).toEqual([["token"]]);
  });
});

describe("LogicVariable", () => {
  it("reads a variable synchronously", async () => {
    const { saffron } = await createIsolate({ answers: { op_logic_variable_get: (name: string) => (name === "region" ? "eu" : null) } });
    expect(saffron.LogicVariable.get("region")).toBe("eu");
    expect(saffron.LogicVariable.get("other")).toBeNull();
  });
});

describe("FileStorageAgent", () => {
  it("calls one operation per method on the acquired configuration, a string written as UTF-8", async () => {
    const { saffron, callsOf } = await createIsolate({
      answers: {
        op_file_storage_agent_acquire: () => "fs-1",
        op_file_storage_agent_simple_put: (_target: unknown, data: Uint8Array) => data.byteLength,
        op_file_storage_agent_simple_get: () => new Uint8Array([1, 2]),
        op_file_storage_agent_list: () => [{ type: "file", name: "a.txt" }],
        op_file_storage_agent_delete: () => undefined,
        op_file_storage_agent_create_dir_all: () => undefined,
      },
    });
    const files = await saffron.FileStorageAgent.acquire("outbox");
    expect(await files.simplePut("/test_dir/a.txt", "héllo", { ensureDir: true })).toBe(6);
    expect(await files.simplePut("/b.bin", new Uint8Array([9]))).toBe(1);
    expect([...(await files.simpleGet("/test_dir/a.txt"))]).toEqual([1, 2]);
    expect(await files.list("/test_dir")).toEqual([{ type: "file", name: "a.txt" }]);
    await files.createDirAll("/x/y");
    await files.delete("/b.bin");

    expect(callsOf("op_file_storage_agent_acquire")).toEqual([["outbox"]]);
    const puts = callsOf("op_file_storage_agent_simple_put");
    expect(puts[0]![0]).toEqual({ configurationId: "fs-1", path: "/test_dir/a.txt", ensureDir: true });
    expect([...(puts[0]![1] as Uint8Array)]).toEqual(bytes("héllo"));
    expect(puts[1]![0]).toEqual({ configurationId: "fs-1", path: "/b.bin", ensureDir: false });
    expect(callsOf("op_file_storage_agent_create_dir_all")).toEqual([[{ configurationId: "fs-1", path: "/x/y" }]]);
    expect(callsOf("op_file_storage_agent_delete")).toEqual([[{ configurationId: "fs-1", path: "/b.bin" }]]);
  });
});

describe("EventAgent", () => {
  it("sends events with the DID aliases resolved, and refuses one without a source or target", async () => {
    const { saffron, callsOf } = await createIsolate({ answers: { op_event_agent_emit: () => undefined } });
    await saffron.EventAgent.emit([
      { labelName: "order", sourceDID: "a", targetDigitalIdentity: "b", meta: "", type: "default" },
    ]);
    expect(callsOf("op_event_agent_emit")).toEqual([
      [[{ labelName: "order", sourceDigitalIdentity: "a", targetDigitalIdentity: "b", meta: "", type: "default" }]],
    ]);
    await expect(saffron.EventAgent.emit([{ labelName: "x", targetDID: "b", meta: "", type: "t" }])).rejects.toThrow(
      "sourceDigitalIdentity is undefined",
    );
    await expect(saffron.EventAgent.emit([{ labelName: "x", sourceDID: "a", meta: "", type: "t" }])).rejects.toThrow(
      "targetDigitalIdentity is undefined",
    );
  });
});

describe("DatabaseAgent", () => {
  it("reshapes each row into an object keyed by column name", async () => {
    const uid = { dataSourceId: "ds", connectionId: "c" };
    const { saffron, callsOf } = await createIsolate({
      answers: {
        op_database_agent_acquire: () => uid,
        op_database_agent_query: () => ({
          columns: [{ name: "id", type: "int" }, { name: "name", type: "text" }],
          rows: [[{ Int: 1 }, { Text: "a" }], [{ Int: 2 }, { Null: null }]],
        }),
      },
    });
    const db = await saffron.DatabaseAgent.acquire("orders-db");
    const result = await db.query("SELECT id, name FROM t WHERE id > ?", [0]);
    expect(result.rows).toEqual([{ id: 1, name: "a" }, { id: 2, name: null }]);
    expect(callsOf("op_database_agent_query")).toEqual([[{ uid, rawSql: "SELECT id, name FROM t WHERE id > ?", params: [0] }]]);
  });
});

describe("MailAgent", () => {
  it("builds a mail with chained setters and checks it before sending", async () => {
    const { saffron, callsOf } = await createIsolate({
      answers: { op_mail_agent_acquire: () => "mail-1", op_mail_agent_send: () => undefined },
    });
    const client = await saffron.MailAgent.acquire("smtp");
    const mail = new saffron.Mail.Mail().setSender("a@x.test", "A").setReceivers("b@x.test").setSubject("Hi");
    await expect(client.send(mail)).rejects.toThrow("mail body should not be empty");
    await expect(client.send(new saffron.Mail.Mail().setReceivers("b@x.test").setSubject("s").setBody("b"))).rejects.toThrow(
      "mail sender should not be empty",
    );
    await client.send(mail.setBody("Hello").setCC("c@x.test"));
    expect(callsOf("op_mail_agent_send")).toEqual([[{ uid: "mail-1", mail }]]);
    expect(mail.cc).toEqual([{ mail: "c@x.test", name: "" }]);
  });
});
