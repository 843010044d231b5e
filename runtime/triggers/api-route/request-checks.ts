/**
 * What node's HTTP parser lets through but this server must refuse before a route sees the request:
 * each check answers with its own code and a sentence saying what to send instead.
 */
import type { IncomingHttpHeaders } from "node:http";

/** Longer request targets get 414 (nginx's and Apache's limit is about the same: 8 KiB). */
export const MAX_REQUEST_TARGET_BYTES = 8 * 1024;

export interface Refusal {
  status: number;
  message: string;
}

export interface RequestLine {
  url?: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  headers: IncomingHttpHeaders;
}

/** Undefined when the request may go on to its route. */
export function refuseRequest(request: RequestLine): Refusal | undefined {
  if (request.httpVersionMajor !== 1) {
    // A request line without a version is HTTP/0.9 to node: no headers are meant, no body is read.
    const version = request.httpVersionMajor === 0 ? "no HTTP version (HTTP/0.9)" : `HTTP/${request.httpVersionMajor}.${request.httpVersionMinor}`;
    return { status: 400, message: `the request line has ${version}: send HTTP/1.1 (or HTTP/1.0)` };
  }
  // Node would answer this with a bare 400 of its own (requireHostHeader): the server checks it instead.
  if (request.httpVersionMinor === 1 && request.headers.host === undefined) {
    return { status: 400, message: "an HTTP/1.1 request needs a Host header" };
  }
  const targetBytes = Buffer.byteLength(request.url ?? "");
  if (targetBytes > MAX_REQUEST_TARGET_BYTES) {
    return { status: 414, message: `the request target is ${targetBytes} bytes long; at most ${MAX_REQUEST_TARGET_BYTES} are accepted` };
  }
  const codings = transferCodings(request.headers["transfer-encoding"]);
  if (codings.length > 0 && !(codings.length === 1 && codings[0] === "chunked")) {
    // Node decodes the chunked framing and hands the rest over still coded: refused rather than
    // delivered to the data process as bytes it cannot read (RFC 9112 §6.1: 501).
    return { status: 501, message: `Transfer-Encoding "${shownPath(codings.join(", "), 100)}" is not supported: send the body as is or with "chunked" alone` };
  }
  return undefined;
}

function transferCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "");
}

/** A path (or any echoed text) fit for a log line or an answer: long ones are cut. */
export function shownPath(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
