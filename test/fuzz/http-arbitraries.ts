/**
 * Requests to the API route: the ones a client library sends (methods, paths, queries, content
 * types, headers around a fuzzed body), and the raw-socket oddities no library sends (request lines
 * without a version, broken framing, transfer codings, CONNECT, pipelining, half-close, reset).
 */
import fc from "fast-check";
import { hostileText, payloadBytes } from "./payload-arbitraries";

/** The fuzzed server's routes: encapsulated sync, bare sync, async. */
export const FUZZ_ROUTES = [
  { method: "POST", path: "/grafx/orders" },
  { method: "PUT", path: "/grafx/orders", encapsulation: false },
  { method: "POST", path: "/grafx/orders/async", mode: "async" },
] as const;

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface FuzzRequest {
  method: string;
  /** Path and query, as appended to the server's URL. */
  target: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** Every byte of the text's UTF-8 as `%XX` (encodeURIComponent throws on a lone surrogate). */
const percentEncoded = (text: string): string => [...new TextEncoder().encode(text)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));

const otherMethod = fc.constantFrom("POST", "PUT", "GET", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "MKCOL", "LOCK", "PURGE", "SEARCH", "REPORT", "LINK");

const otherPath = fc.oneof(
  { arbitrary: fc.webPath(), weight: 2 },
  { arbitrary: fc.oneof(fc.uuid(), hostileText.map(percentEncoded)).map((id) => `/executions/${id}`), weight: 2 },
  { arbitrary: fc.constantFrom("//grafx/orders", "/grafx/orders/", "/GRAFX/ORDERS", "/grafx%2forders", "/grafx/orders%00", "/%ff", "/executions/"), weight: 2 },
  { arbitrary: fc.integer({ min: 4_000, max: 20_000 }).map((length) => `/${"p".repeat(length)}`), weight: 1 },
);

/** Mostly a route's own method and path (the body is what is fuzzed); else any method on any path. */
const methodAndPath = fc.oneof(
  { arbitrary: fc.constantFrom(...FUZZ_ROUTES).map(({ method, path }) => ({ method, path })), weight: 8 },
  { arbitrary: fc.record({ method: otherMethod, path: fc.oneof(fc.constantFrom(...FUZZ_ROUTES.map((route) => route.path)), otherPath) }), weight: 2 },
);

const query = fc.oneof(
  { arbitrary: fc.constant(""), weight: 6 },
  { arbitrary: fc.webQueryParameters().map((params) => `?${params}`), weight: 2 },
  { arbitrary: fc.constantFrom("?", "?&&==", "?token=secret", "?%00=%ff"), weight: 1 },
  { arbitrary: hostileText.map((text) => `?q=${percentEncoded(text)}`), weight: 1 },
);

const contentType = fc.option(
  fc.oneof(
    { arbitrary: fc.constant("application/json"), weight: 6 },
    {
      arbitrary: fc.constantFrom(
        "application/json; charset=utf-16",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "",
        "*/*",
      ),
      weight: 3,
    },
    { arbitrary: printable(40), weight: 1 },
  ),
  { freq: 8 },
);

const extraHeaders = fc.dictionary(
  fc.constantFrom("authorization", "x-request-id", "content-encoding", "accept", "x-forwarded-for", "cookie", "x-fuzz"),
  printable(60),
  { maxKeys: 3 },
);

export function fuzzRequest(): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({ methodAndPath, query, contentType, extraHeaders, body: payloadBytes({ limitBytes: BODY_LIMIT_BYTES }) })
    .map(({ methodAndPath: { method, path }, query, contentType, extraHeaders, body }) => ({
      method,
      target: `${path}${query}`,
      headers: { ...extraHeaders, ...(contentType === null ? {} : { "content-type": contentType }) },
      // fetch refuses a body on GET and HEAD.
      body: method === "GET" || method === "HEAD" ? undefined : body,
    }));
}

/** One raw request; what its answer may be follows from what it holds. */
export interface RawRequest {
  bytes: Buffer;
  /** 501 is its documented answer (CONNECT, a transfer coding other than chunked). */
  notImplemented: boolean;
}

/**
 * How the body is framed. `cl-short` / `cl-long` (a Content-Length that lies) leave the parser
 * waiting or misframed, so they only go with a half-close or a reset, never on a connection kept open.
 */
const SAFE_FRAMINGS = ["content-length", "chunked", "chunked-bad-size", "none", "te-gzip-chunked", "te-gzip", "cl-invalid", "te-and-cl"] as const;
const LYING_FRAMINGS = ["cl-short", "cl-long"] as const;
type Framing = (typeof SAFE_FRAMINGS)[number] | (typeof LYING_FRAMINGS)[number];

const rawMethod = fc.oneof(
  { arbitrary: fc.constantFrom("POST", "PUT"), weight: 14 },
  { arbitrary: fc.constantFrom("GET", "OPTIONS", "TRACE", "CONNECT", "DELETE", "post", "FOO", "P\u0000ST", "", "GET GET"), weight: 2 },
);

const rawTarget = fc.oneof(
  { arbitrary: fc.constantFrom(...FUZZ_ROUTES.map((route) => route.path)), weight: 14 },
  {
    arbitrary: fc.constantFrom("/grafx/orders?x=1", "*", "http://h/grafx/orders", "example.com:443", "/a b", "/\u0000", "/é", "", "/executions/../grafx/orders", "/%"),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(9_000, 70_000).map((length) => `/${"t".repeat(length)}`), weight: 1 },
);

const rawVersion = fc.oneof(
  { arbitrary: fc.constant(" HTTP/1.1"), weight: 14 },
  { arbitrary: fc.constantFrom(" HTTP/1.0", "", " HTTP/2.0", " HTTP/1.2", " HTTP/9.9", " http/1.1", " HTTP/1.1 x"), weight: 2 },
);

const rawHeaderLine = fc.oneof(
  { arbitrary: fc.constantFrom("Content-Type: application/json", "Connection: keep-alive", "Accept: */*"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "X-Odd: \u0001",
      "NoColon",
      " folded-continuation",
      "X-Space : x",
      "Connection: close",
      "Expect: 100-continue",
      "Upgrade: websocket\r\nConnection: Upgrade",
      "Host: a\r\nHost: b",
      "X-Latin: caf\u00e9",
      `X-Big: ${"b".repeat(20_000)}`,
    ),
    weight: 2,
  },
  { arbitrary: printable(30).map((value) => `X-Fuzz: ${value}`), weight: 1 },
);

function chunked(body: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= body.length) break;
    const piece = body.subarray(at, at + Math.max(1, size));
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
    at += piece.length;
  }
  if (at < body.length) parts.push(Buffer.from(`${(body.length - at).toString(16)}\r\n`), body.subarray(at), Buffer.from("\r\n"));
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}

function framed(framing: Framing, body: Buffer, sizes: number[]): { headers: string[]; payload: Buffer } {
  switch (framing) {
    case "content-length":
      return { headers: [`Content-Length: ${body.length}`], payload: body };
    case "none":
      return { headers: [], payload: Buffer.alloc(0) };
    case "chunked":
      return { headers: ["Transfer-Encoding: chunked"], payload: chunked(body, sizes) };
    case "chunked-bad-size":
      return { headers: ["Transfer-Encoding: chunked"], payload: Buffer.from("zz\r\nnope\r\n0\r\n\r\n") };
    case "te-gzip-chunked":
      return { headers: ["Transfer-Encoding: gzip, chunked"], payload: chunked(body, sizes) };
    case "te-gzip":
      return { headers: ["Transfer-Encoding: gzip"], payload: body };
    case "cl-invalid":
      return { headers: [`Content-Length: ${["-1", "1e3", "abc", "99999999999999999999999", "2, 3"][(sizes[0] ?? 0) % 5] ?? "-1"}`], payload: body };
    case "te-and-cl":
      return { headers: ["Transfer-Encoding: chunked", `Content-Length: ${body.length}`], payload: chunked(body, sizes) };
    case "cl-short":
      return { headers: [`Content-Length: ${Math.floor(body.length / 2)}`], payload: body };
    case "cl-long":
      return { headers: [`Content-Length: ${body.length + 10}`], payload: body };
  }
}

function rawRequest(framings: readonly Framing[]): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method: rawMethod,
      target: rawTarget,
      version: rawVersion,
      lineEnd: fc.oneof({ arbitrary: fc.constant("\r\n"), weight: 19 }, { arbitrary: fc.constant("\n"), weight: 1 }),
      host: fc.oneof({ arbitrary: fc.constant(["Host: x"]), weight: 9 }, { arbitrary: fc.constant([]), weight: 1 }),
      headers: fc.array(rawHeaderLine, { maxLength: 3 }),
      framing: fc.oneof({ arbitrary: fc.constantFrom<Framing>("content-length", "chunked"), weight: 3 }, { arbitrary: fc.constantFrom(...framings), weight: 1 }),
      body: payloadBytes({ maxRawBytes: 64 }).filter((bytes) => bytes.length <= 2_048),
      sizes: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ method, target, version, lineEnd, host, headers, framing, body, sizes }) => {
      const frame = framed(framing, Buffer.from(body), sizes);
      const head = [`${method} ${target}${version}`, ...host, ...headers, ...frame.headers].join(lineEnd);
      return {
        bytes: Buffer.concat([Buffer.from(`${head}${lineEnd}${lineEnd}`, "latin1"), frame.payload]),
        notImplemented: method === "CONNECT" || framing === "te-gzip-chunked" || framing === "te-gzip",
      };
    });
}

export interface RawExchangeSpec {
  requests: RawRequest[];
  then: "half-close" | "keep-open" | "reset";
  /** Where the bytes are cut into separate writes. */
  cuts: number[];
}

/** A connection's worth of raw requests, pipelined, and how the client ends it. */
export function rawExchangeSpec(): fc.Arbitrary<RawExchangeSpec> {
  const cuts = fc.array(fc.nat(), { maxLength: 3 });
  return fc.oneof(
    fc.record({ requests: fc.array(rawRequest(SAFE_FRAMINGS), { minLength: 1, maxLength: 4 }), then: fc.constant("keep-open" as const), cuts }),
    fc.record({
      requests: fc.array(rawRequest([...SAFE_FRAMINGS, ...LYING_FRAMINGS]), { minLength: 1, maxLength: 5 }),
      then: fc.constantFrom("half-close" as const, "reset" as const),
      cuts,
    }),
  );
}

/** The exchange's bytes cut into writes at the spec's cut points. */
export function writesOf(spec: RawExchangeSpec): Buffer[] {
  const bytes = Buffer.concat(spec.requests.map((request) => request.bytes));
  const points = [...new Set(spec.cuts.map((cut) => cut % bytes.length))].filter((cut) => cut > 0).sort((a, b) => a - b);
  const writes: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    writes.push(bytes.subarray(from, point));
    from = point;
  }
  writes.push(bytes.subarray(from));
  return writes;
}
