/**
 * Requests node's HTTP parser refuses (its `clientError` event): answered with a proper code and a
 * sentence instead of node's bare `400` or a reset.
 */
import { maxHeaderSize } from "node:http";
import { MAX_REQUEST_TARGET_BYTES, type Refusal } from "./request-checks";

export interface ParserError extends Error {
  code?: string;
  /** The chunk being parsed when the error was found. */
  rawPacket?: Buffer;
}

/** Undefined when there is nothing to answer (the client reset the connection, a write failed…). */
export function clientErrorAnswer(error: ParserError): Refusal | undefined {
  const code = error.code ?? "";
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return { status: 408, message: "the request did not arrive in time" };
  if (!code.startsWith("HPE_")) return undefined;
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return requestLineTooLong(error.rawPacket)
        ? { status: 414, message: `the request line is longer than the ${maxHeaderSize} bytes accepted for the request line and headers; send a shorter URL (at most ${MAX_REQUEST_TARGET_BYTES} bytes)` }
        : { status: 431, message: `the request line and header fields are larger than the ${maxHeaderSize} bytes accepted` };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return { status: 413, message: "the chunk extensions of the body are too large" };
    case "HPE_INVALID_EOF_STATE":
      return { status: 400, message: "the client closed its side of the connection before the request was complete" };
    case "HPE_PAUSED_H2_UPGRADE":
      return { status: 400, message: "HTTP/2 is not spoken here: send HTTP/1.1" };
    default:
      return { status: 400, message: `malformed HTTP request (${code}): ${reasonOf(error)}` };
  }
}

/** True when the chunk starts a request line that does not end within the limit of a request target. */
function requestLineTooLong(raw: Buffer | undefined): boolean {
  if (!raw || !/^[A-Z]+ /.test(raw.subarray(0, 32).toString("latin1"))) return false;
  const lineEnd = raw.indexOf("\r\n");
  return lineEnd === -1 || lineEnd > MAX_REQUEST_TARGET_BYTES;
}

/** `Parse Error: Invalid method encountered` → `Invalid method encountered`. */
function reasonOf(error: Error): string {
  return error.message.replace(/^Parse Error:\s*/, "").slice(0, 200) || "unparseable";
}
