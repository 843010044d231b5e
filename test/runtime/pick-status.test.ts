import { describe, expect, it } from "vitest";
import { pickStatusCode } from "../../runtime/executor/pick-status";
import { mergeByTopLevelKey } from "../../runtime/executor/merge-results";
import type { TaskScope } from "../../runtime/agents/agent";
import { AGENTS } from "../../runtime/agents";
import { resultAgent, TaskResult } from "../../runtime/agents/result";
import { configSchema } from "../../runtime/config/schema";
import type { HostOpName } from "../../runtime/saffron/src/host-ops";

describe("pickStatusCode", () => {
  it.each([
    [[200], 200],
    [[200, 503, 500], 503],
    [[404, 302], 404],
    [[400, 200], 400],
    [[500, 503], 503],
    [[302, 301, 200], 302],
    [[201, 204, 200], 204],
    [[202, 200], 202],
    [[499, 500], 500],
    [[599, 404, 302], 599],
    [[], 200],
  ])("%j → %i", (codes, expected) => {
    expect(pickStatusCode(codes)).toBe(expected);
  });
});

describe("mergeByTopLevelKey", () => {
  it("merges by top-level key, later values overwriting earlier ones", () => {
    expect(mergeByTopLevelKey([{ a: 1, shared: { x: 1 } }, { b: 2, shared: { y: 2 } }])).toEqual({ a: 1, b: 2, shared: { y: 2 } });
  });

  it("does not change its inputs", () => {
    const first = { a: 1 };
    mergeByTopLevelKey([first, { a: 2 }]);
    expect(first).toEqual({ a: 1 });
  });
});

const caller = { logic: { name: "finalize-orders", kind: "aggregator" as const, permanentIdentity: "p", revision: 1 } };
const resources = { config: configSchema.parse({ dataProcesses: {} }), stateDir: "/nonexistent", now: Date.now };

describe("ResultAgent operations", () => {
  function attach() {
    const result = new TaskResult();
    const { ops } = resultAgent(resources).attach({ result } as TaskScope);
    return { result, set: (value: unknown) => ops.op_result_agent_set!(caller, value), status: (code: unknown) => ops.op_result_agent_set_http_status_code!(caller, code) };
  }

  it("merge JSON objects by top-level key, keeping what JSON keeps", () => {
    const { result, set } = attach();
    set({ orders: { a: 1 }, when: new Date("2025-01-01T00:00:00Z") });
    set({ orders: { b: 2 }, skipped: undefined });
    expect(result.value).toEqual({ orders: { b: 2 }, when: "2025-01-01T00:00:00.000Z" });
  });

  it.each([
    ["an array", [1, 2]],
    ["a string", "text"],
    ["null", null],
    ["an object holding a BigInt", { big: 1n }],
  ])("refuse %s: not a JSON object", (_what, value) => {
    expect(() => attach().set(value)).toThrow(/ResultAgent.finalize expects a JSON object/);
  });

  it("take an integer status from 100 to 599, and refuse anything else naming the range", () => {
    const { result, status } = attach();
    status(503);
    expect(result.statusCode).toBe(503);
    for (const code of [99, 600, 200.5]) expect(() => status(code)).toThrow(expect.objectContaining({ name: "RangeError", message: expect.stringContaining("from 100 to 599") }));
    expect(() => status("200")).toThrow(expect.objectContaining({ name: "TypeError" }));
    expect(result.statusCode).toBe(503);
  });
});

describe("agents LOC has and the local runtime does not back", () => {
  const ops = Object.assign({}, ...AGENTS.map((agent) => agent(resources).attach({ dataProcess: "orders" } as TaskScope).ops));

  it.each([
    ["op_event_agent_emit", "EventAgent is not available in the local runtime (no event store is configured)"],
    ["op_event_agent_search", "EventAgent is not available in the local runtime (no event store is configured)"],
    ["op_event_agent_search_with_pattern", "EventAgent is not available in the local runtime (no event store is configured)"],
    ["op_database_agent_acquire", "DatabaseAgent is not available in the local runtime (no database is configured)"],
    ["op_database_agent_query", "DatabaseAgent is not available in the local runtime (no database is configured)"],
    ["op_database_agent_rollback_transaction", "DatabaseAgent is not available in the local runtime (no database is configured)"],
    ["op_mail_agent_acquire", "MailAgent is not available in the local runtime (no mail server is configured)"],
    ["op_mail_agent_send", "MailAgent is not available in the local runtime (no mail server is configured)"],
  ] as Array<[HostOpName, string]>)("%s fails with one error naming the agent", (name, message) => {
    expect(() => ops[name](caller, {})).toThrow(expect.objectContaining({ name: "NotSupported", message }));
  });
});
