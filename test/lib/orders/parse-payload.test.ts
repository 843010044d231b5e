import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePayload, type ParsedPayload, type ParseOptions } from "../../../lib/orders/parse-payload";

const GUID_A = "0b9f1c2e-3a4d-4e5f-8a6b-7c8d9e0f1a2b";
const GUID_B = "1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f";
const options: ParseOptions = { maxOrders: 1000, defaultEnvironment: "acme-prod" };

function httpPayload(body: string | Uint8Array) {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return { http: { request: { method: "POST", path: "/grafx/orders", data: Array.from(bytes) } } };
}

function kafkaPayload(body: string) {
  return { messageQueue: { data: Array.from(new TextEncoder().encode(body)), subscriber: { kafka: { topic: "grafx-orders" } } } };
}

function parse(body: unknown, opts = options): ParsedPayload {
  return parsePayload(httpPayload(typeof body === "string" ? body : JSON.stringify(body)), opts);
}

function issuesOf(result: ParsedPayload): string[] {
  if (result.kind !== "invalid") throw new Error(`expected invalid, got ${result.kind}`);
  return result.issues;
}

describe("parsePayload", () => {
  it("reads a batch from an API route body and from a Kafka record alike", () => {
    const body = JSON.stringify({ orders: [{ taskId: GUID_A, orderId: "po-1", format: "pdf" }], environment: "acme" });
    const expected = { kind: "batch", environment: "acme", orders: [{ index: 0, taskId: GUID_A, orderId: "po-1", format: "pdf" }], rejected: [] };
    expect(parsePayload(httpPayload(body), options)).toEqual(expected);
    expect(parsePayload(kafkaPayload(body), options)).toEqual(expected);
  });

  it("uses GRAFX_ENVIRONMENT when the payload names none", () => {
    expect(parse({ orders: [{ taskId: GUID_A }] })).toMatchObject({ kind: "batch", environment: "acme-prod" });
  });

  it("refuses a batch with no environment anywhere", () => {
    expect(issuesOf(parse({ orders: [{ taskId: GUID_A }] }, { ...options, defaultEnvironment: null }))).toEqual([
      "environment: required, since the logic variable GRAFX_ENVIRONMENT is not set",
    ]);
  });

  it.each([
    ["no bytes", ""],
    ["whitespace", " \n\t "],
    ["an empty object", "{}"],
    ["an empty object with spaces", " { } "],
  ])("treats %s as a re-check of the pending orders", (_name, body) => {
    expect(parse(body)).toEqual({ kind: "recheck" });
  });

  it("treats a schedule tick and an event payload as a re-check", () => {
    expect(parsePayload({ http: { request: { data: [] } } }, options)).toEqual({ kind: "recheck" });
    expect(parsePayload({ event: {} }, options)).toEqual({ kind: "recheck" });
  });

  it("answers malformed JSON with a clear 400 issue", () => {
    const [issue] = issuesOf(parse('{"orders": ['));
    expect(issue).toMatch(/^payload: malformed JSON \(/);
  });

  it("refuses a body that is not UTF-8", () => {
    expect(issuesOf(parsePayload(httpPayload(new Uint8Array([0xff, 0xfe, 0x7b])), options))).toEqual(["payload: the body is not UTF-8 text"]);
  });

  it("names every bad field of a bad top-level shape, the bad orders included", () => {
    const issues = issuesOf(parse({ orders: [{ taskId: "nope" }, { taskId: GUID_A }], environment: "../etc", extra: 1 }));
    expect(issues).toContain("environment: expected 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
    expect(issues.some((issue) => issue.startsWith("payload: ") && issue.includes("extra"))).toBe(true);
    expect(issues).toContain("orders[0].taskId: invalid GUID");
  });

  it("refuses a payload whose orders is not an array", () => {
    expect(issuesOf(parse({ orders: { taskId: GUID_A } }))).toEqual(["orders: expected an array of orders"]);
    expect(issuesOf(parse([GUID_A]))[0]).toMatch(/^payload: /);
  });

  it("refuses more orders than MAX_ORDERS", () => {
    const orders = [{ taskId: GUID_A }, { taskId: GUID_B }, { taskId: GUID_A }];
    expect(issuesOf(parse({ orders }, { ...options, maxOrders: 2 }))).toEqual(["orders: at most 2 orders per batch, got 3"]);
  });

  it("rejects one bad order alone, with its zod path, and keeps the others", () => {
    const result = parse({
      orders: [{ taskId: GUID_A }, { taskId: GUID_B }, { taskId: 42 }, { taskId: "not-a-guid", orderId: "po-9" }, { taskId: GUID_A.replace("0", "2"), format: "tiff" }],
    });
    expect(result).toMatchObject({ kind: "batch" });
    if (result.kind !== "batch") return;
    expect(result.orders.map((order) => order.index)).toEqual([0, 1]);
    expect(result.rejected).toEqual([
      { index: 2, taskId: undefined, orderId: undefined, error: "orders[2].taskId: expected a GUID string" },
      { index: 3, taskId: "not-a-guid", orderId: "po-9", error: "orders[3].taskId: invalid GUID" },
      { index: 4, taskId: GUID_A.replace("0", "2"), orderId: undefined, error: "orders[4].format: expected one of pdf, png, jpg, gif, mp4, zip" },
    ]);
  });

  it("collapses duplicate task ids into one order, whatever their case", () => {
    const result = parse({ orders: [{ taskId: GUID_A, orderId: "first" }, { taskId: GUID_B }, { taskId: GUID_A.toUpperCase(), orderId: "second" }] });
    expect(result).toMatchObject({
      kind: "batch",
      orders: [{ index: 0, taskId: GUID_A, orderId: "first" }, { index: 1, taskId: GUID_B }],
      rejected: [],
    });
  });

  it("rejects a second task under an order id already used, since both would write one file", () => {
    const result = parse({ orders: [{ taskId: GUID_A, orderId: "po-1" }, { taskId: GUID_B, orderId: "po-1" }] });
    expect(result).toMatchObject({ kind: "batch", rejected: [{ index: 1, error: "orders[1].orderId: already used by orders[0] for another task" }] });
  });

  it.each([
    ["../../etc/passwd", "orderId"],
    ["..", "orderId"],
    [".", "orderId"],
    ["a/b", "orderId"],
    ["a\\b", "orderId"],
    ["x".repeat(65), "orderId"],
    ["", "orderId"],
    ["%2e%2e", "orderId"],
  ])("refuses the traversal attempt %j as %s", (orderId, field) => {
    const result = parse({ orders: [{ taskId: GUID_A, orderId }] });
    expect(result).toMatchObject({ kind: "batch", orders: [] });
    if (result.kind === "batch") expect(result.rejected[0]?.error).toMatch(new RegExp(`^orders\\[0\\]\\.${field}: `));
  });

  it.each([".loc-tmp-victim", ".pending", ".x", ".", ".."])("refuses the order id %j, which starts with a dot (bookkeeping's names), naming it", (orderId) => {
    const result = parse({ orders: [{ taskId: GUID_A, orderId }, { taskId: GUID_B, orderId: "ok.v1" }] });
    expect(result).toMatchObject({
      kind: "batch",
      orders: [{ index: 1, taskId: GUID_B, orderId: "ok.v1" }],
      rejected: [{ index: 0, taskId: GUID_A, orderId, error: 'orders[0].orderId: must not start with "."' }],
    });
  });

  it("names only the first problem of an order id that is no name at all", () => {
    expect(parse({ orders: [{ taskId: GUID_A, orderId: "../../etc/passwd" }] })).toMatchObject({
      rejected: [{ error: "orders[0].orderId: expected 1 to 64 letters, digits, '.', '_' or '-'" }],
    });
  });

  it.each(["../x", "a/b", "-lead", "", "x".repeat(65)])("refuses the environment %j", (environment) => {
    expect(issuesOf(parse({ orders: [{ taskId: GUID_A }], environment }))[0]).toMatch(/^environment: /);
  });

  it("never throws, and always answers a re-check, a batch or a list of issues", () => {
    const anyJson = fc.oneof(
      fc.jsonValue(),
      fc.record({ orders: fc.array(fc.oneof(fc.jsonValue(), fc.record({ taskId: fc.oneof(fc.uuid(), fc.string()), orderId: fc.string(), format: fc.string() }, { requiredKeys: [] }))), environment: fc.string() }, { requiredKeys: [] }),
    );
    const body = fc.oneof(anyJson.map((value) => JSON.stringify(value)), fc.string(), fc.uint8Array().map((bytes) => new TextDecoder().decode(bytes)));
    fc.assert(
      fc.property(body, (text) => {
        const result = parsePayload(httpPayload(text), options);
        expect(["recheck", "batch", "invalid"]).toContain(result.kind);
        if (result.kind === "invalid") expect(result.issues.length).toBeGreaterThan(0);
        if (result.kind === "batch") {
          for (const order of result.orders) expect(order.taskId).toMatch(/^[0-9a-f-]{36}$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on payloads of any shape", () => {
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        expect(["recheck", "batch", "invalid"]).toContain(parsePayload(payload, options).kind);
      }),
    );
  });
});
