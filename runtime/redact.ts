/**
 * Secret redaction: applied to every log line, console line, result and execution record before it
 * is stored, printed or sent (a Kafka reply is built from the redacted record). The matcher is the
 * one the logics use (lib/redact.ts: pure and web-standard), so what a logic would redact on LOC
 * and what the local runtime redacts cannot drift apart; here with the runtime's placeholder and
 * the configured secrets (`secrets`, logic variables marked secret).
 */
import { isCredentialKey, redactCredentials } from "../lib/redact";

export const REDACTED = "[REDACTED]";

/**
 * Replaces credentials (by key, by auth scheme) and every literal secret — plain, JSON-escaped,
 * JSON inside JSON, percent- or form-encoded — with `[REDACTED]`. Redacting twice changes nothing.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return redactCredentials(text, { secrets, placeholder: REDACTED });
}

/**
 * Redacts a JSON-like value deeply: strings (keys too) through `redactText`, and the whole value
 * of any credential key (`{ access_token: … }`). Returns a new value; the input is not changed.
 */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  return redactInner(value, secrets) as T;
}

function redactInner(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactInner(item, secrets));
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[redactText(key, secrets)] = isCredentialKey(key) && item !== null && item !== undefined ? REDACTED : redactInner(item, secrets);
  }
  return copy;
}
