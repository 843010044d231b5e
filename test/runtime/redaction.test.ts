import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { TaskScope } from "../../runtime/agents/agent";
import { ExecutionLog, loggingAgent, parseLogRecord, renderJson } from "../../runtime/agents/logging";
import type { LogEntry } from "../../runtime/contract";
import { configSchema } from "../../runtime/config/schema";
import { REDACTED } from "../../runtime/redact";
import { buildReply, encodeReply } from "../../runtime/triggers/kafka/reply";
import { survives } from "../lib/redact-arbitraries";
import { configOf, manually, runtimeOf, tempDir } from "./helpers";

const ECHO_CREDENTIALS = fileURLToPath(new URL("./fixtures/echo-credentials-generic.ts", import.meta.url));

const SECRET = "sup3r-s3cret-value";
const CONFIGURED = "configured-secret-123";

describe("secret redaction", () => {
  it("keeps secrets out of logs, results, error texts and the stored execution", async () => {
    const stateDir = await tempDir();
    const printed: LogEntry[] = [];
    const runtime = runtimeOf(
      configOf(
        stateDir,
        {
          auth: {
            generic: ["secrets-generic.ts"],
            aggregator: "report-session.ts",
            variables: { CLIENT_SECRET: { value: SECRET, secret: true }, API_KEY: CONFIGURED },
          },
        },
        { secrets: [CONFIGURED] },
      ),
      { onLog: (entry) => printed.push(entry) },
    );
    const record = await runtime.execute(manually(["auth"]));
    // The record is written after the answer: closing waits for it.
    await runtime.close();

    const stored = await readFile(join(stateDir, "executions", `${record.executionId}.json`), "utf8");
    for (const text of [stored, JSON.stringify(record), JSON.stringify(printed)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(CONFIGURED);
      expect(text).not.toContain("eyJhbGciOi");
    }
    // console output never reaches the execution's log, as on LOC: only LoggingAgent's does.
    expect(record.logs.map((entry) => entry.message)).toEqual([
      '{"headers":{"Authorization":"[REDACTED]"},"note":"token request"}',
      "client_secret=[REDACTED]&grant_type=client_credentials",
      "plain mention of [REDACTED] and the configured [REDACTED]",
    ]);
    expect(printed).toEqual(record.logs);
    expect(record.tasks[0]?.railwayError?.message).toBe("authentication failed for secret [REDACTED]");
    expect(record.result).toMatchObject({ error: { message: "authentication failed for secret [REDACTED]" } });
  });
});

describe("redaction on every path", () => {
  /** Every string in a JSON-like value, keys included. */
  const stringsOf = (value: unknown): string[] =>
    typeof value === "string"
      ? [value]
      : Array.isArray(value)
        ? value.flatMap(stringsOf)
        : value !== null && typeof value === "object"
          ? Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)])
          : [];

  it("keeps a secret in any encoding, and a token an error body echoes, out of logs, console lines, results, the stored record and the Kafka reply", async () => {
    const secret = 's3cr3t "quoted" \\ back+slash 100% ü';
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    const stateDir = await tempDir();
    const printed: LogEntry[] = [];
    const consoleLines: string[] = [];
    const runtime = runtimeOf(
      configOf(stateDir, {
        leak: {
          generic: [ECHO_CREDENTIALS],
          aggregator: "report-session.ts",
          variables: { SECRET: { value: secret, secret: true }, TOKEN: token, REPORT_KEYS: "echo" },
        },
      }),
      { onLog: (entry) => printed.push(entry), onConsole: (line) => consoleLines.push(line) },
    );
    const record = await runtime.execute(manually(["leak"]));
    // The record is written after the answer: closing waits for it.
    await runtime.close();

    const stored = await readFile(join(stateDir, "executions", `${record.executionId}.json`), "utf8");
    const texts = {
      logs: stringsOf(record.logs),
      printed: stringsOf(printed),
      console: consoleLines,
      result: stringsOf(record.result),
      tasks: stringsOf(record.tasks),
      stored: stringsOf(JSON.parse(stored)),
      kafkaReply: stringsOf(JSON.parse(encodeReply(buildReply(record)).toString("utf8"))),
    };
    // What the logic let out is all there, redacted: the paths were taken.
    expect(texts.logs.join("\n")).toContain(`\\"access_token\\":\\"${REDACTED}\\"`);
    expect(texts.console.join("\n")).toContain("console:");
    expect(texts.result.join("\n")).toContain("echoedBody");
    expect(record.tasks[0]?.railwayError?.message).toMatch(/^failed with /);
    const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), token];
    for (const [path, strings] of Object.entries(texts)) {
      for (const text of strings) {
        for (const form of forms) expect(survives(text, form, REDACTED), `${form} in ${path}: ${text}`).toBe(false);
      }
    }
  });
});

describe("op_log", () => {
  const caller = { logic: { name: "read-orders", kind: "generic" as const, permanentIdentity: "p", revision: 1 } };

  function logOps(secrets: string[]) {
    const printed: LogEntry[] = [];
    const log = new ExecutionLog(secrets, (entry) => printed.push(entry));
    const config = configSchema.parse({ dataProcesses: {} });
    const { ops } = loggingAgent({ config, stateDir: "/nonexistent", now: Date.now }).attach({ dataProcess: "orders", log } as TaskScope);
    return { op_log: (record: unknown) => ops.op_log!(caller, record), log, printed };
  }

  it("takes LOC's record, Plaintext or Json, and keeps it redacted at its level, naming the logic", () => {
    const { op_log, log, printed } = logOps([SECRET]);
    op_log({ level: "Info", message: { Plaintext: `secret is ${SECRET}` } });
    op_log({ level: "Warn", message: { Json: { access_token: "abc", nested: { note: SECRET } } } });
    op_log({ level: "Trace", message: { Json: "a string as JSON" } });
    expect(log.entries.map(({ level, dataProcess, logic, message }) => ({ level, dataProcess, logic, message }))).toEqual([
      { level: "info", dataProcess: "orders", logic: "read-orders", message: "secret is [REDACTED]" },
      { level: "warn", dataProcess: "orders", logic: "read-orders", message: '{"access_token":"[REDACTED]","nested":{"note":"[REDACTED]"}}' },
      { level: "trace", dataProcess: "orders", logic: "read-orders", message: '"a string as JSON"' },
    ]);
    expect(printed).toEqual(log.entries);
  });

  it.each([
    [{ level: "info", message: { Plaintext: "x" } }, /op_log: level/],
    [{ level: "Info", message: "x" }, /op_log: message: expected \{ Plaintext: string \} or \{ Json: value \}/],
    [{ level: "Info", message: {} }, /op_log: message/],
    [{ level: "Info", message: { Plaintext: 1 } }, /op_log: message/],
    ["Info: x", /op_log/],
  ])("refuses %j, naming what it expects", (record, why) => {
    expect(() => logOps([]).op_log(record)).toThrow(why);
  });

  it("renders any Json value without failing: a BigInt as digits, a cycle as [Circular], shared objects twice", () => {
    const cyclic: Record<string, unknown> = { name: "order" };
    cyclic.self = cyclic;
    const shared = { id: 1 };
    expect(renderJson(cyclic)).toBe('{"name":"order","self":"[Circular]"}');
    expect(renderJson({ big: 12345678901234567890n })).toBe('{"big":"12345678901234567890"}');
    expect(renderJson({ a: shared, b: [shared] })).toBe('{"a":{"id":1},"b":[{"id":1}]}');
    expect(renderJson(undefined)).toBe("undefined");
    expect(parseLogRecord({ level: "Error", message: { Json: cyclic } })).toEqual({ level: "error", text: '{"name":"order","self":"[Circular]"}' });
  });
});
