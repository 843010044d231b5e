/**
 * Keeps secrets out of anything that ends in a log line, an error text or a result: the values of
 * credential keys (`access_token`, `Authorization`, `client_secret`…), bearer and basic credentials,
 * and every literal secret given — in whatever encoding they travel: as is, JSON-escaped (also JSON
 * inside JSON), percent-encoded (either hex case, `+` for a space), in headers and header tuples.
 *
 * Pure and web-standard: the logics use it (on LOC nothing else redacts what a logic logs or
 * returns), and the local runtime applies the same matcher to every log, result and record.
 *
 * How: the text is also read through decoded views (./decoded-views: JSON escapes and percent-escapes
 * undone, up to three layers in any order), each character of a view knowing the span of the
 * original text it came from. Whatever is found in any view is replaced in the original, encoded.
 */

import { viewsOf } from "./decoded-views";

const REDACTED = "[redacted]";

/** Keys whose values are credentials, wherever they appear (JSON, query strings, headers, tuples). */
const CREDENTIAL_KEYS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "token",
  "password",
  "api_key",
  "x-api-key",
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A credential key, also with snake or kebab prefixes (`session_token`, `x-auth-token`); not `taskToken`. */
const KEY = `(?:[A-Za-z0-9]+[_-])*(?:${CREDENTIAL_KEYS.map(escapeRegExp).join("|")})`;
const WHOLE_KEY = new RegExp(`^${KEY}$`, "i");

export function isCredentialKey(key: string): boolean {
  return WHOLE_KEY.test(key);
}

/**
 * `key`, `:` `=` `=>` (or `,` in a `["authorization", "…"]` tuple), then a value: double-quoted
 * (group 3), single-quoted (group 4) or bare up to a delimiter (group 5, with its auth scheme).
 * The lookbehind keeps `token` from matching inside `taskToken` or `tokenizer`.
 */
const KEY_VALUE = new RegExp(
  `(["']?)(?<![A-Za-z0-9_-])${KEY}\\1\\s*(=>|[:=,])\\s*` +
    `(?:"((?:[^"\\\\]|\\\\.)*)"|'([^']*)'|((?:(?:Bearer|Basic|Token|Digest)\\s+)?[^\\s&,;"'{}[\\]\\\\]+))`,
  "gi",
);
/** Whether KEY_VALUE can match at all (much cheaper to rule out on a long text). */
const ANY_KEY = /authorization|cookie|token|secret|password|api[_-]key/i;
/** A bearer or basic credential anywhere (group 1). */
const SCHEME_CREDENTIAL = /\b(?:[Bb]earer|Basic)\s+([A-Za-z0-9\-._~+/]+=*)/g;
/** Bare JSON literals hold nothing secret (and stay valid JSON). */
const JSON_LITERAL = /^(?:null|true|false)$/i;

type Span = [start: number, end: number];

/** Whether the quoted key at `keyStart` and its value, closed by the quote at `valueEnd`, form a `["authorization", "…"]` tuple. */
function inHeaderTuple(text: string, keyStart: number, valueEnd: number): boolean {
  return /\[\s*$/.test(text.slice(Math.max(0, keyStart - 64), keyStart)) && /^\s*\]/.test(text.slice(valueEnd + 1, valueEnd + 65));
}

/** What in `text` (the original or a view of it) is a credential, as spans of that text. */
function credentialsIn(text: string, secrets: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) spans.push([at, at + secret.length]);
  }
  for (const match of ANY_KEY.test(text) ? text.matchAll(KEY_VALUE) : []) {
    const [whole, quote, separator, doubleQuoted, singleQuoted, bare] = match;
    const value = doubleQuoted ?? singleQuoted ?? bare ?? "";
    if (value === "" || (bare !== undefined && JSON_LITERAL.test(bare))) continue;
    const end = match.index + whole.length - (bare === undefined ? 1 : 0);
    // `,` only separates a quoted key from its value in a header tuple: `["authorization", "…"]`.
    if (separator === "," && (quote === "" || !inHeaderTuple(text, match.index, end))) continue;
    spans.push([end - value.length, end]);
  }
  for (const match of text.matchAll(SCHEME_CREDENTIAL)) {
    const end = match.index + match[0].length;
    spans.push([end - match[1]!.length, end]);
  }
  return spans;
}

/** Where `placeholder` already stands in `text`: never matched into, so redacting twice changes nothing. */
function placeholderSpans(text: string, placeholder: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf(placeholder); at !== -1; at = text.indexOf(placeholder, at + placeholder.length)) {
    spans.push([at, at + placeholder.length]);
  }
  return spans;
}

/** Secrets to look for, and what of each no encoding changes (see `mayBeEncodedIn`). */
interface Secrets {
  values: string[];
  /** Per secret, its longest run of letters and digits: escaping never touches those. */
  anchors: string[];
}

/**
 * Whether a decoded view could show anything the original does not: a credential key or an auth
 * scheme (letters, `_` and `-`, which JSON and percent-encoding leave as they are), or the
 * letters-and-digits anchor of a secret. Most texts (a path, an id, a summary) need no view.
 */
function mayBeEncodedIn(text: string, secrets: Secrets): boolean {
  if (ANY_KEY.test(text) || /earer|Basic/.test(text)) return true;
  return secrets.anchors.some((anchor) => anchor === "" || text.includes(anchor));
}

function redactOnce(text: string, secrets: Secrets, placeholder: string): string {
  const found: Span[] = [];
  // Without an escape character there is nothing to decode.
  const views = /[\\%+]/.test(text) && mayBeEncodedIn(text, secrets) ? viewsOf(text) : [{ text }];
  for (const view of views) {
    for (const [start, end] of credentialsIn(view.text, secrets.values)) {
      if (end > start) found.push([view.from?.[start] ?? start, view.to?.[end - 1] ?? end]);
    }
  }
  if (found.length === 0) return text;
  const kept = placeholderSpans(text, placeholder);
  const spans = found
    .filter(([start, end]) => !kept.some(([keptStart, keptEnd]) => start < keptEnd && keptStart < end))
    .sort((a, b) => a[0] - b[0]);
  let result = "";
  let copied = 0;
  for (let i = 0; i < spans.length; ) {
    let [start, end] = spans[i]!;
    for (i++; i < spans.length && spans[i]![0] < end; i++) end = Math.max(end, spans[i]![1]);
    result += text.slice(copied, start) + placeholder;
    copied = end;
  }
  return result + text.slice(copied);
}

export interface RedactOptions {
  /** Literal values to remove in every encoding (client secrets, tokens); empty ones are ignored. */
  secrets?: Iterable<string | null | undefined>;
  placeholder?: string;
  /** Shorter secrets are not looked for (they would blank out ordinary words). */
  minSecretLength?: number;
}

/** The same list is given for every string of a record: prepared once per list. */
const preparedSecrets = new WeakMap<object, { minLength: number; secrets: Secrets }>();

function secretsToFind(given: Iterable<string | null | undefined>, minLength: number): Secrets {
  const cached = preparedSecrets.get(given);
  if (cached?.minLength === minLength) return cached.secrets;
  const values = [...new Set(given)].filter((secret): secret is string => !!secret && secret.length >= minLength);
  const anchors = values.map((secret) => (secret.match(/[A-Za-z0-9]+/g) ?? [""]).reduce((longest, run) => (run.length > longest.length ? run : longest)));
  const secrets = { values, anchors };
  // A generator or other one-shot iterable is not kept: it may not give the same values again.
  if (Array.isArray(given)) preparedSecrets.set(given, { minLength, secrets });
  return secrets;
}

/** Removing one credential can expose the key of another (`x` of a secret before `token=`): a few passes. */
const MAX_PASSES = 8;

/**
 * Replaces every credential and every literal secret in `text`, in any of the encodings above,
 * with the placeholder. Redacting the result again changes nothing.
 */
export function redactCredentials(text: string, options: RedactOptions = {}): string {
  const { placeholder = REDACTED, minSecretLength = 1 } = options;
  const secrets = secretsToFind(options.secrets ?? [], minSecretLength);
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(current, secrets, placeholder);
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Replaces every occurrence of each secret (tokens, client secret) in `text`, in any encoding, and
 * every credential a key or an auth scheme names (an error body echoing `"access_token":"…"`).
 */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined>): string {
  // Very short values would blank out ordinary words; real secrets are long.
  return redactCredentials(text, { secrets, placeholder: REDACTED, minSecretLength: 8 });
}

/**
 * Signed download links carry their credential in the query string: drop every URL's query. It
 * ends at a backslash too, so a JSON text (an escaped quote after a URL) stays valid JSON.
 */
export function stripUrlQueries(text: string): string {
  return text.replace(/\b(https?:\/\/[^\s?#"'<>\\]*)\?[^\s#"'<>\\]*/gi, "$1?…");
}

/** A URL fit for a message: origin and path only. */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
