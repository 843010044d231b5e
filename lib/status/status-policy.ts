/**
 * The one place that decides what each order's outcome means as an HTTP status, whether the order
 * is finished with (its pending record may go), and which code the whole execution answers with.
 */

/** Why an order failed; each has its own code below. */
export const FAILURE_REASONS = [
  "unknown-task",
  "task-failed",
  "unreachable",
  "rate-limited",
  "credentials-refused",
  "too-large",
  "bad-response",
  "storage-failed",
  "internal-error",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export type OrderState = "downloaded" | "pending" | "rejected" | "expired" | "failed";

/** An order's outcome as the status table sees it: its state, and for a failure its reason. */
export type OutcomeKind = Exclude<OrderState, "failed"> | FailureReason;

interface Policy {
  statusCode: number;
  /** Final outcomes end the order: its pending record is removed. Others keep it for a re-check. */
  final: boolean;
}

export const STATUS_POLICY: Readonly<Record<OutcomeKind, Policy>> = {
  downloaded: { statusCode: 200, final: true },
  pending: { statusCode: 202, final: false },
  rejected: { statusCode: 400, final: true },
  "unknown-task": { statusCode: 404, final: true },
  "task-failed": { statusCode: 502, final: true },
  // The task never finished within MAX_PENDING_AGE_SECONDS: GraFx did not deliver in time.
  expired: { statusCode: 504, final: true },
  unreachable: { statusCode: 504, final: false },
  "rate-limited": { statusCode: 503, final: false },
  "credentials-refused": { statusCode: 502, final: false },
  // Final: the same output would be refused again on every re-check.
  "too-large": { statusCode: 502, final: true },
  // GraFx answered something the API does not define (or a download link we refuse to follow).
  "bad-response": { statusCode: 502, final: false },
  "storage-failed": { statusCode: 500, final: false },
  "internal-error": { statusCode: 500, final: false },
};

export function statusCodeFor(kind: OutcomeKind): number {
  return STATUS_POLICY[kind].statusCode;
}

export function isFinal(kind: OutcomeKind): boolean {
  return STATUS_POLICY[kind].final;
}

export function stateOf(kind: OutcomeKind): OrderState {
  return (FAILURE_REASONS as readonly string[]).includes(kind) ? "failed" : (kind as OrderState);
}

/** 5xx > 4xx > 3xx > 2xx (other classes lowest), the largest number winning within a class. */
function priority(code: number): number {
  const cls = Math.floor(code / 100);
  return cls >= 2 && cls <= 5 ? cls : 0;
}

/** LOC's rule for combining codes; 200 when there are none. */
export function pickStatusCode(codes: Iterable<number>): number {
  let best: number | undefined;
  for (const code of codes) {
    if (best === undefined || priority(code) > priority(best) || (priority(code) === priority(best) && code > best)) {
      best = code;
    }
  }
  return best ?? 200;
}
