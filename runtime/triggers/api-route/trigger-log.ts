/** One structured line per event; the caller decides where it goes (stderr, a file…). */
export interface TriggerLogEvent {
  level: "info" | "warn" | "error";
  msg: string;
  [field: string]: unknown;
}

export type TriggerLog = (event: TriggerLogEvent) => void;

/** An error as one log-safe line: name and message only, never a stack. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s*\n\s*/g, " ");
}
