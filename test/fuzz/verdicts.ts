/**
 * What every answer to a bad input must be: never a 5xx, and a 400 that says what is wrong — from the
 * data process, every issue and every rejected order named by its zod path (`orders[2].taskId: …`);
 * from the server itself (no route, body too large, malformed HTTP), a sentence in `data.error`.
 */
import type { FailureKind } from "./fuzz-run";

/** `payload`, `environment`, `orders[3].taskId`… then `: ` and the message. */
const ISSUE_PATH = /^(payload|orders|environment)(\[\d+\]|\.[A-Za-z_]\w*)*: \S/;
const ORDER_PATH = /^orders\[\d+\](\.[A-Za-z_]\w*)?: \S/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parts of an order process result (real or stand-in) whose 400 names no path; empty when all do. */
export function unnamedIssues(result: unknown): string[] {
  const part = isRecord(result) ? result.grafx_order_handling : undefined;
  if (!isRecord(part)) return ["no grafx_order_handling in the result"];
  const issues = isRecord(part.error) ? part.error.issues : undefined;
  if (Array.isArray(issues)) {
    if (issues.length === 0) return ["a refused payload without issues"];
    return issues.filter((issue) => typeof issue !== "string" || !ISSUE_PATH.test(issue)).map((issue) => JSON.stringify(issue));
  }
  const orders = Array.isArray(part.orders) ? part.orders.filter(isRecord) : [];
  const rejected = orders.filter((order) => order.statusCode === 400);
  if (rejected.length === 0) return ["a 400 without issues or a rejected order"];
  return rejected.filter((order) => typeof order.error !== "string" || !ORDER_PATH.test(order.error)).map((order) => JSON.stringify(order));
}

export interface Judged {
  failure?: FailureKind;
  detail?: string;
}

/** An execution's outcome (status and result): a Kafka reply, a manual execution, a looked-up record. */
export function judgeExecution(status: number, result: unknown): Judged {
  if (status >= 500) return { failure: "5xx", detail: `status ${status}: ${JSON.stringify(result).slice(0, 300)}` };
  if (status === 400) {
    const unnamed = unnamedIssues(result);
    if (unnamed.length > 0) return { failure: "400 without a path", detail: unnamed.join(" | ") };
  }
  return {};
}

export interface HttpAnswer {
  status: number;
  /** The body as sent (empty for HEAD). */
  text: string;
  /** 501 is the documented answer to this input (CONNECT, a transfer coding other than chunked). */
  notImplementedExpected?: boolean;
}

/** An API route answer, encapsulated (`{ _status, _metadata, data }`) or bare. */
export function judgeHttpAnswer({ status, text, notImplementedExpected = false }: HttpAnswer): Judged {
  if (status >= 500 && !(status === 501 && notImplementedExpected)) return { failure: "5xx", detail: `status ${status}: ${text.slice(0, 300)}` };
  if (text === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { failure: "bad answer", detail: `status ${status}, not JSON: ${JSON.stringify(text.slice(0, 200))}` };
  }
  if (!isRecord(body)) return { failure: "bad answer", detail: `status ${status}, not an object: ${text.slice(0, 200)}` };
  const encapsulated = "_status" in body && "_metadata" in body;
  if (encapsulated && body._status !== status) return { failure: "bad answer", detail: `_status ${String(body._status)} on a ${status} answer` };
  const data = encapsulated ? body.data : body;
  const ranAnExecution = encapsulated ? isRecord(body._metadata) && typeof body._metadata.executionId === "string" : isRecord(data) && "grafx_order_handling" in data;
  if (status === 202 || status < 300) return {};
  if (ranAnExecution) return judgeExecution(status, data);
  // Refused by the server itself: one sentence saying why.
  if (!isRecord(data) || typeof data.error !== "string" || data.error === "") {
    return { failure: "bad answer", detail: `status ${status} without an error sentence: ${text.slice(0, 200)}` };
  }
  return {};
}
