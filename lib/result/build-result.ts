/**
 * The task result of `grafx-order-handling` (under its own top-level key, see RESULT_KEY) and the
 * HTTP status it answers with: the work set and the orders' outcomes, one entry per order.
 */
import type { OrderOutcome, WorkSet } from "../session/state";
import { pickStatusCode, stateOf, statusCodeFor, type FailureReason, type OrderState, type OutcomeKind } from "../status/status-policy";

export interface TaskKey {
  executionId: string;
  taskId: string;
}

export interface OrderResult {
  taskId?: string;
  orderId?: string;
  state: OrderState;
  /** Why a failed order failed. */
  reason?: FailureReason;
  /** This order's own code by the status table. */
  statusCode: number;
  path?: string;
  bytes?: number;
  sha256?: string;
  contentType?: string;
  error?: string;
  retryAfterSeconds?: number;
}

export interface Summary {
  total: number;
  downloaded: number;
  pending: number;
  failed: number;
  rejected: number;
  expired: number;
}

export interface OrderHandlingResult {
  taskKey: TaskKey;
  mode?: WorkSet["mode"];
  environment?: string;
  summary: Summary;
  orders: OrderResult[];
  /** Pending orders left for a later execution. */
  deferred?: number;
  warnings?: string[];
  error?: { name: string; message: string; issues?: string[] };
}

export interface BuiltResult {
  result: OrderHandlingResult;
  statusCode: number;
}

const emptySummary = (): Summary => ({ total: 0, downloaded: 0, pending: 0, failed: 0, rejected: 0, expired: 0 });

/** Drops the fields that do not apply, so each entry shows only what it has. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function entry(kind: OutcomeKind, fields: Omit<OrderResult, "state" | "statusCode" | "reason">): OrderResult {
  const state = stateOf(kind);
  const { taskId, orderId, path, bytes, sha256, contentType, error, retryAfterSeconds } = fields;
  const reason = state === "failed" ? (kind as FailureReason) : undefined;
  return compact({ taskId, orderId, state, reason, statusCode: statusCodeFor(kind), path, bytes, sha256, contentType, error, retryAfterSeconds });
}

function fromOutcome(outcome: OrderOutcome): OrderResult {
  const { taskId, orderId, kind, path, bytes, sha256, contentType, error, retryAfterSeconds } = outcome;
  return entry(kind, { taskId, orderId, path, bytes, sha256, contentType, error, retryAfterSeconds });
}

export function summarize(orders: readonly OrderResult[]): Summary {
  const summary = emptySummary();
  for (const order of orders) summary[order.state]++;
  summary.total = orders.length;
  return summary;
}

export function buildResult(taskKey: TaskKey, workSet: WorkSet, outcomes: readonly OrderOutcome[]): BuiltResult {
  if (workSet.mode === "invalid") {
    const issues = workSet.payloadIssues ?? [];
    return {
      result: {
        taskKey,
        mode: "invalid",
        summary: emptySummary(),
        orders: [],
        error: { name: "InvalidPayload", message: `the payload was refused: ${issues.join("; ")}`, issues },
      },
      statusCode: 400,
    };
  }
  const byTask = new Map(outcomes.map((outcome) => [outcome.taskId, outcome]));
  const positioned: Array<{ position: number; order: OrderResult }> = [];
  workSet.orders.forEach((order, i) => {
    const outcome = byTask.get(order.taskId);
    const result = outcome
      ? fromOutcome(outcome)
      : entry("internal-error", { taskId: order.taskId, orderId: order.orderId, error: `task ${order.taskId}: no outcome was recorded` });
    positioned.push({ position: order.index ?? i, order: result });
  });
  for (const rejected of workSet.rejected) {
    const { index, taskId, orderId, error } = rejected;
    positioned.push({ position: index, order: entry("rejected", { taskId, orderId, error }) });
  }
  // Expired orders come first in a re-check (they are the oldest).
  workSet.expired.forEach((expired, i) => {
    const { taskId, orderId, ageSeconds } = expired;
    const error = `still not finished after ${ageSeconds} s (MAX_PENDING_AGE_SECONDS); no longer checked`;
    positioned.push({ position: -workSet.expired.length + i, order: entry("expired", { taskId, orderId, error }) });
  });
  positioned.sort((a, b) => a.position - b.position);
  const orders = positioned.map(({ order }) => order);
  const codes = orders.map((order) => order.statusCode);
  if (workSet.deferred > 0) codes.push(statusCodeFor("pending"));
  const result: OrderHandlingResult = {
    taskKey,
    mode: workSet.mode,
    ...(workSet.environment !== undefined && { environment: workSet.environment }),
    summary: summarize(orders),
    orders,
    ...(workSet.deferred > 0 && { deferred: workSet.deferred }),
    ...(workSet.warnings.length > 0 && { warnings: workSet.warnings }),
  };
  return { result, statusCode: pickStatusCode(codes) };
}

/** An earlier logic failed (railway in error): still a result, never an empty answer. */
export function buildErrorResult(taskKey: TaskKey, error: { name: string; message: string }): BuiltResult {
  return {
    result: { taskKey, summary: emptySummary(), orders: [], error: { name: error.name, message: error.message } },
    statusCode: 500,
  };
}
