/**
 * Turns a LOC payload (API route body, Kafka record or manual payload: all the same JSON) into the
 * orders to work on. Never throws: a bad payload becomes an `invalid` result naming every bad field,
 * a bad order is rejected alone.
 */
import { batchShapeSchema, orderSchema, type Order } from "./schema";
import { describeIssues } from "./zod-path";

export interface AcceptedOrder extends Order {
  /** Position in the payload's `orders`. */
  index: number;
}

export interface RejectedOrder {
  index: number;
  /** As sent, when it was a string (shortened), so the caller can tell which order it was. */
  taskId?: string;
  orderId?: string;
  error: string;
}

export type ParsedPayload =
  /** No orders given: re-check the pending ones. */
  | { kind: "recheck" }
  | { kind: "batch"; environment: string; orders: AcceptedOrder[]; rejected: RejectedOrder[] }
  | { kind: "invalid"; issues: string[] };

export interface ParseOptions {
  maxOrders: number;
  /** GRAFX_ENVIRONMENT: used when the payload names no environment. */
  defaultEnvironment: string | null;
}

type Body = { kind: "bytes"; bytes: Uint8Array } | { kind: "none" } | { kind: "unsupported"; issue: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  if (data === undefined || data === null) return new Uint8Array();
  return null;
}

function bodyOf(payload: unknown): Body {
  if (!isRecord(payload)) return { kind: "unsupported", issue: "payload: expected an http or messageQueue payload" };
  const http = payload.http;
  const queue = payload.messageQueue;
  const data = isRecord(http) && isRecord(http.request) ? http.request.data : isRecord(queue) ? queue.data : undefined;
  // An event carries no body: like a schedule tick it asks for the pending orders to be re-checked.
  if (!isRecord(http) && !isRecord(queue)) {
    return "event" in payload ? { kind: "none" } : { kind: "unsupported", issue: "payload: expected an http or messageQueue payload" };
  }
  const bytes = toBytes(data);
  return bytes ? { kind: "bytes", bytes } : { kind: "unsupported", issue: "payload: the body is not a byte array" };
}

function decodeJson(bytes: Uint8Array): { ok: true; text: string } | { ok: false; issue: string } {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes).trim() };
  } catch {
    return { ok: false, issue: "payload: the body is not UTF-8 text" };
  }
}

function shortened(value: unknown): string | undefined {
  return typeof value === "string" ? value.slice(0, 100) : undefined;
}

function validateOrders(rawOrders: unknown[]): { orders: AcceptedOrder[]; rejected: RejectedOrder[] } {
  const orders: AcceptedOrder[] = [];
  const rejected: RejectedOrder[] = [];
  const seenTasks = new Set<string>();
  const orderIdOwner = new Map<string, number>();
  rawOrders.forEach((raw, index) => {
    const parsed = orderSchema().safeParse(raw);
    if (!parsed.success) {
      const sent = isRecord(raw) ? raw : {};
      const error = describeIssues(parsed.error, ["orders", index]).join("; ");
      rejected.push({ index, taskId: shortened(sent.taskId), orderId: shortened(sent.orderId), error });
      return;
    }
    const order = parsed.data;
    if (seenTasks.has(order.taskId)) return;
    const owner = order.orderId === undefined ? undefined : orderIdOwner.get(order.orderId);
    if (owner !== undefined) {
      // Two tasks under one order id would overwrite each other's file.
      const error = `orders[${index}].orderId: already used by orders[${owner}] for another task`;
      rejected.push({ index, taskId: order.taskId, orderId: order.orderId, error });
      return;
    }
    seenTasks.add(order.taskId);
    if (order.orderId !== undefined) orderIdOwner.set(order.orderId, index);
    orders.push({ ...order, index });
  });
  return { orders, rejected };
}

export function parsePayload(payload: unknown, options: ParseOptions): ParsedPayload {
  const body = bodyOf(payload);
  if (body.kind === "none") return { kind: "recheck" };
  if (body.kind === "unsupported") return { kind: "invalid", issues: [body.issue] };
  const decoded = decodeJson(body.bytes);
  if (!decoded.ok) return { kind: "invalid", issues: [decoded.issue] };
  if (decoded.text === "") return { kind: "recheck" };

  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (error) {
    return { kind: "invalid", issues: [`payload: malformed JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  if (isRecord(value) && Object.keys(value).length === 0) return { kind: "recheck" };

  const shape = batchShapeSchema().safeParse(value);
  if (!shape.success) {
    const issues = describeIssues(shape.error);
    // Name the bad orders too, so one reply lists everything to fix.
    if (isRecord(value) && Array.isArray(value.orders) && value.orders.length <= options.maxOrders) {
      issues.push(...validateOrders(value.orders).rejected.map((order) => order.error));
    }
    return { kind: "invalid", issues };
  }
  const { orders: rawOrders, environment = options.defaultEnvironment } = shape.data;
  const issues: string[] = [];
  if (rawOrders.length > options.maxOrders) {
    issues.push(`orders: at most ${options.maxOrders} orders per batch, got ${rawOrders.length}`);
  }
  if (environment === null) {
    issues.push("environment: required, since the logic variable GRAFX_ENVIRONMENT is not set");
  }
  if (issues.length > 0 || environment === null) return { kind: "invalid", issues };
  return { kind: "batch", environment, ...validateOrders(rawOrders) };
}
