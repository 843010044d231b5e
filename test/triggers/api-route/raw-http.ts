/**
 * A raw TCP client for HTTP edge cases fetch cannot send (pipelining, half-close, broken framing,
 * CONNECT, request lines without a version): bytes out, the server's answers parsed back.
 */
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Final answers in order (1xx interim answers are skipped). */
  responses: RawResponse[];
  /** The server closed the connection (its side) before the client gave up. */
  closedByServer: boolean;
  /** Nothing settled within `timeoutMs`: the client gave up. */
  timedOut: boolean;
  /** A socket error the client saw (ECONNRESET, EPIPE…). */
  error?: string;
  ms: number;
}

export interface RawOptions {
  /** After the last write: `half-close` ends the client's side, `reset` destroys with RST, `keep-open` waits. */
  then?: "half-close" | "reset" | "keep-open";
  /** Settle once this many final answers arrived (keep-open). */
  expectResponses?: number;
  timeoutMs?: number;
}

/** Writes `chunks` in order (one write each) and collects the answers. */
export function rawExchange(port: number, chunks: Array<string | Buffer> | string | Buffer, options: RawOptions = {}): Promise<RawExchange> {
  const { then = "half-close", expectResponses, timeoutMs = 5_000 } = options;
  const parts = Array.isArray(chunks) ? chunks : [chunks];
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    let closedByServer = false;
    let error: string | undefined;
    let settled = false;
    const settle = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(received, closedByServer || timedOut), closedByServer, timedOut, error, ms: performance.now() - started });
    };
    const timer = setTimeout(() => settle(true), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (expectResponses !== undefined && parseResponses(received, false).length >= expectResponses) settle(false);
    });
    socket.on("end", () => {
      closedByServer = true;
    });
    socket.on("error", (problem: NodeJS.ErrnoException) => {
      error ??= problem.code ?? problem.message;
    });
    socket.on("close", () => {
      if (then !== "reset") closedByServer = true;
      settle(false);
    });
    socket.once("connect", () => {
      for (const part of parts) socket.write(part);
      if (then === "half-close") socket.end();
      if (then === "reset") socket.resetAndDestroy();
    });
  });
}

/**
 * Parses consecutive HTTP/1.1 answers. A body without Content-Length runs to the end of the
 * connection, so it counts only once the connection is `ended`.
 */
export function parseResponses(bytes: Buffer, ended: boolean): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf("\r\n\r\n", at);
    if (headEnd === -1) break;
    const [statusLine = "", ...headerLines] = bytes.subarray(at, headEnd).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    if (!Number.isInteger(status)) break;
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    if (status >= 100 && status < 200) {
      at = bodyStart;
      continue;
    }
    const body = headers["transfer-encoding"]?.toLowerCase() === "chunked" ? dechunk(bytes, bodyStart) : sizedBody(bytes, bodyStart, headers, ended);
    if (!body) break;
    responses.push({ status, headers, body: body.bytes.toString("utf8") });
    at = body.end;
  }
  return responses;
}

function sizedBody(bytes: Buffer, start: number, headers: Record<string, string>, ended: boolean): { bytes: Buffer; end: number } | undefined {
  const length = headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
  if (length === undefined && !ended) return undefined;
  const end = length === undefined ? bytes.length : start + length;
  return end > bytes.length ? undefined : { bytes: bytes.subarray(start, end), end };
}

/** A chunked body, once its last chunk arrived. */
function dechunk(bytes: Buffer, start: number): { bytes: Buffer; end: number } | undefined {
  const chunks: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isInteger(size)) return undefined;
    if (size === 0) {
      const trailerEnd = bytes.indexOf("\r\n\r\n", lineEnd);
      return trailerEnd === -1 ? undefined : { bytes: Buffer.concat(chunks), end: trailerEnd + 4 };
    }
    if (lineEnd + 2 + size + 2 > bytes.length) return undefined;
    chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
