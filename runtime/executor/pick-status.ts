/**
 * The final code of an execution over its tasks' codes: 5xx > 4xx > 3xx > 2xx (> 1xx), the
 * largest number winning within a class (503 beats 500, 404 beats 302, 400 beats 200).
 */
export function pickStatusCode(codes: readonly number[], fallback = 200): number {
  let best: number | undefined;
  for (const code of codes) {
    if (best === undefined || rank(code) > rank(best) || (rank(code) === rank(best) && code > best)) best = code;
  }
  return best ?? fallback;
}

/** The class of a code (1 for 1xx … 5xx); out-of-range codes rank below every class. */
function rank(code: number): number {
  const statusClass = Math.floor(code / 100);
  return statusClass >= 1 && statusClass <= 5 ? statusClass : 0;
}
