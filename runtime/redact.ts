/**
 * Secret redaction: applied to every log line, result and error text before it is stored or
 * printed. Pure, so it is table-tested without a runtime.
 */
export const REDACTED = "[REDACTED]";

/** Keys whose values are credentials, wherever they appear (JSON, query strings, headers). */
const SENSITIVE_KEYS = [
  "authorization",
  "proxy-authorization",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "token",
  "password",
  "api_key",
  "x-api-key",
];
const SENSITIVE_KEY_SET = new Set(SENSITIVE_KEYS);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const keyAlternatives = SENSITIVE_KEYS.map(escapeRegExp).join("|");

/**
 * `key` then `:` or `=` then a value: double-quoted (JSON), single-quoted, or bare up to a
 * delimiter. The lookbehind keeps `token` from matching inside `refresh_token`/`mytoken`; the
 * lookahead skips values already redacted, so redacting twice changes nothing.
 */
const KEY_VALUE = new RegExp(
  `(?<![A-Za-z0-9_-])(["']?)(${keyAlternatives})\\1(\\s*[:=]\\s*)(?!(?:(?:Bearer|Basic)\\s+)?\\[REDACTED\\])("(?:[^"\\\\]|\\\\.)*"|'[^']*'|(?:Bearer|Basic)\\s+[^\\s&,;"'}\\]]+|[^\\s&,;"'}\\]]+)`,
  "gi",
);
/** A bearer or basic credential anywhere (headers as tuples, free text). */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g;

function quoteLike(value: string): string {
  if (value.startsWith('"')) return `"${REDACTED}"`;
  if (value.startsWith("'")) return `'${REDACTED}'`;
  return REDACTED;
}

/** The forms a secret takes in text: as is, JSON-escaped, URL-encoded. Longest first. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces credentials and every literal secret in `text` with `[REDACTED]`. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const form of secretForms(secrets)) result = result.split(form).join(REDACTED);
  result = result.replace(
    KEY_VALUE,
    (_match, quote: string, key: string, separator: string, value: string) =>
      `${quote}${key}${quote}${separator}${quoteLike(value)}`,
  );
  return result.replace(SCHEME_CREDENTIAL, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}

/**
 * Redacts a JSON-like value deeply: strings through `redactText`, and the whole value of any
 * sensitive key (`{ access_token: … }`). Returns a new value; the input is not changed.
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
    copy[key] = SENSITIVE_KEY_SET.has(key.toLowerCase()) && item !== null && item !== undefined ? REDACTED : redactInner(item, secrets);
  }
  return copy;
}
