/**
 * Every logic variable the order-handling logics read, parsed and defaulted in one place. A bad
 * value fails with an error naming the variable (and never echoing a secret).
 */
import { ENVIRONMENT_PATTERN, ENVIRONMENT_PROBLEM } from "./orders/schema";
import { stripUrlQueries } from "./redact";

/** How a logic reads its variables: `LogicVariable.get` on LOC, a map in tests. */
export type VariableSource = (name: string) => string | null;

export interface Settings {
  /**
   * GRAFX_BASE_URL: the base URL configured for the `grafx-api` HTTP agent. A logic cannot read an
   * agent's configuration, so this mirrors it: download links under it go through `grafx-api`, with
   * the token. Required once there is an order to check.
   */
  apiBaseUrl: string | null;
  /**
   * GRAFX_DOWNLOAD_BASE_URL: the base URL of the optional `grafx-download` HTTP agent; links under
   * it go through that agent, never with the token. Null: no such agent.
   */
  downloadBaseUrl: string | null;
  clientId: string | null;
  clientSecret: string | null;
  /** The environment used when a payload names none. */
  environment: string | null;
  audience: string;
  /** How many orders are checked at once. */
  concurrency: number;
  /** How many downloads run at once (each buffers up to maxDownloadBytes in memory). */
  downloadConcurrency: number;
  maxOrders: number;
  maxDownloadBytes: number;
  maxPendingAgeSeconds: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the order is reported with it instead. */
  maxRetryAfterSeconds: number;
  requestTimeoutMs: number;
  /** Orders not started within this time are left pending for the next execution. */
  timeBudgetMs: number;
  allowInsecureLoopback: boolean;
}

export class SettingsError extends Error {
  override name = "SettingsError";
}

/*
 * Variables are plain text, so they are checked with small parsers rather than zod schemas: a
 * logic's bundle is evaluated afresh for every run, and building the ~60 schema objects the
 * variables needed (cold, every run) was ~1.5 ms of each logic run's CPU.
 */
type Parse<T> = (raw: string) => { ok: true; value: T } | { ok: false; problem: string };

const accept = <T>(value: T) => ({ ok: true as const, value });
const refuse = (problem: string) => ({ ok: false as const, problem });

const integer =
  (min: number, max: number): Parse<number> =>
  (raw) => {
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isSafeInteger(value) && value >= min && value <= max ? accept(value) : refuse(`expected an integer from ${min} to ${max}`);
  };

const FLAGS = new Map([["true", true], ["1", true], ["yes", true], ["false", false], ["0", false], ["no", false]]);

const flag: Parse<boolean> = (raw) => {
  const value = FLAGS.get(raw.toLowerCase());
  return value === undefined ? refuse('expected "true" or "false"') : accept(value);
};

/** Any non-empty text (an empty value never reaches a parser: it means "use the default"). */
const text: Parse<string> = accept;

const environment: Parse<string> = (raw) => (ENVIRONMENT_PATTERN.test(raw) ? accept(raw) : refuse(ENVIRONMENT_PROBLEM));

const BASE_URL_PROBLEM = "expected an http(s) base URL without query, fragment or credentials";

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An HTTP agent's base URL as LOC holds it: scheme, host, port and an optional path prefix. */
const agentBaseUrl: Parse<string> = (raw) => {
  const url = parsedUrl(raw);
  const ok = url && (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash && !url.username && !url.password;
  return ok ? accept(url.href) : refuse(BASE_URL_PROBLEM);
};

const absoluteUrl: Parse<string> = (raw) => (parsedUrl(raw) ? accept(raw) : refuse("expected a URL"));

interface VariableSpec<T> {
  parse: Parse<T>;
  fallback: T;
  /** Never echo the value in an error. */
  secret?: boolean;
  /** What of a bad value an error may echo (default: all of it, unless secret). */
  shown?: (raw: string) => string;
}

function variable<T>(parse: Parse<T>, fallback: T, secret = false, shown?: (raw: string) => string): VariableSpec<T> {
  return { parse, fallback, secret, ...(shown && { shown }) };
}

/** A URL-ish value with any user info and query blanked: a bad base URL may still carry a credential. */
const withoutCredentials = (raw: string) => stripUrlQueries(raw.replace(/\/\/[^/?#\s]*@/, "//…@"));

const SPECS = {
  GRAFX_BASE_URL: variable<string | null>(agentBaseUrl, null, false, withoutCredentials),
  GRAFX_DOWNLOAD_BASE_URL: variable<string | null>(agentBaseUrl, null, false, withoutCredentials),
  GRAFX_CLIENT_ID: variable<string | null>(text, null),
  GRAFX_CLIENT_SECRET: variable<string | null>(text, null, true),
  GRAFX_ENVIRONMENT: variable<string | null>(environment, null),
  GRAFX_AUDIENCE: variable(absoluteUrl, "https://chiligrafx.com"),
  CONCURRENCY: variable(integer(1, 256), 16),
  DOWNLOAD_CONCURRENCY: variable(integer(1, 64), 4),
  MAX_ORDERS: variable(integer(1, 100_000), 1000),
  MAX_DOWNLOAD_BYTES: variable(integer(1, Number.MAX_SAFE_INTEGER), 512 * 1024 * 1024),
  MAX_PENDING_AGE_SECONDS: variable(integer(1, 365 * 24 * 3600), 24 * 3600),
  MAX_ATTEMPTS: variable(integer(1, 20), 4),
  RETRY_BASE_DELAY_MS: variable(integer(0, 60_000), 500),
  RETRY_MAX_DELAY_MS: variable(integer(0, 600_000), 8_000),
  MAX_RETRY_AFTER_SECONDS: variable(integer(0, 3600), 30),
  // An execution lasts 300 s at most on LOC: a longer request timeout or budget could never be used.
  REQUEST_TIMEOUT_SECONDS: variable(integer(1, 300), 30),
  // 120 s leaves room for the last requests and the aggregator inside LOC's default 180 s (see ./time-budget).
  TIME_BUDGET_SECONDS: variable(integer(1, 300), 120),
  ALLOW_INSECURE_LOOPBACK: variable(flag, true),
} as const;

export type VariableName = keyof typeof SPECS;
export const VARIABLE_NAMES = Object.keys(SPECS) as VariableName[];

type Values = { [Name in VariableName]: (typeof SPECS)[Name]["fallback"] };


function readVariable<T>(name: string, spec: VariableSpec<T>, read: VariableSource): ReturnType<Parse<T>> {
  const raw = read(name)?.trim() ?? "";
  // LOC hands an unset reference through as an empty value: that means "use the default".
  if (raw === "") return { ok: true, value: spec.fallback };
  const parsed = spec.parse(raw);
  if (parsed.ok) return parsed;
  const shown = spec.secret ? "" : `, got ${JSON.stringify((spec.shown?.(raw) ?? raw).slice(0, 100))}`;
  return { ok: false, problem: `logic variable ${name}: ${parsed.problem}${shown}` };
}

/** Parses every variable; throws one `SettingsError` listing every bad one. */
export function loadSettings(read: VariableSource): Settings {
  const values: Partial<Record<VariableName, unknown>> = {};
  const problems: string[] = [];
  for (const name of VARIABLE_NAMES) {
    const reading = readVariable(name, SPECS[name] as VariableSpec<unknown>, read);
    if (reading.ok) values[name] = reading.value;
    else problems.push(reading.problem);
  }
  if (problems.length > 0) throw new SettingsError(problems.join("; "));
  const v = values as Values;
  return {
    apiBaseUrl: v.GRAFX_BASE_URL,
    downloadBaseUrl: v.GRAFX_DOWNLOAD_BASE_URL,
    clientId: v.GRAFX_CLIENT_ID,
    clientSecret: v.GRAFX_CLIENT_SECRET,
    environment: v.GRAFX_ENVIRONMENT,
    audience: v.GRAFX_AUDIENCE,
    concurrency: v.CONCURRENCY,
    downloadConcurrency: v.DOWNLOAD_CONCURRENCY,
    maxOrders: v.MAX_ORDERS,
    maxDownloadBytes: v.MAX_DOWNLOAD_BYTES,
    maxPendingAgeSeconds: v.MAX_PENDING_AGE_SECONDS,
    maxAttempts: v.MAX_ATTEMPTS,
    retryBaseDelayMs: v.RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: Math.max(v.RETRY_MAX_DELAY_MS, v.RETRY_BASE_DELAY_MS),
    maxRetryAfterSeconds: v.MAX_RETRY_AFTER_SECONDS,
    requestTimeoutMs: v.REQUEST_TIMEOUT_SECONDS * 1000,
    timeBudgetMs: v.TIME_BUDGET_SECONDS * 1000,
    allowInsecureLoopback: v.ALLOW_INSECURE_LOOPBACK,
  };
}
