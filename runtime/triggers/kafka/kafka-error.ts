import { describeError } from "../api-route/trigger-log";

/** The client wraps causes (`MultipleErrors`, `cause`); the innermost message says what went wrong. */
export function describeKafkaError(error: unknown): string {
  const outer = describeError(error);
  let inner: unknown = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const nested = inner as { errors?: unknown[]; cause?: unknown } | undefined;
    const next = nested?.errors?.at(-1) ?? nested?.cause;
    if (next === undefined || next === null) break;
    inner = next;
  }
  return inner === error ? outer : `${outer} (${describeError(inner)})`;
}
