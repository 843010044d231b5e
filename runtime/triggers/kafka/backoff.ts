/** Capped exponential backoff: how long to wait before retry number `attempt` (1-based). */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2 };

export function backoffDelay(attempt: number, { initialMs, maxMs, factor }: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  return Math.min(maxMs, initialMs * factor ** exponent);
}
