import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { kind: "complete"; bytes: Buffer }
  /** Declared or streamed past the limit; the rest of the body is left unread. */
  | { kind: "too-large" }
  /** The client went away before the body ended. */
  | { kind: "aborted" }
  /** No byte of the body arrived for `idleMs`. */
  | { kind: "stalled" };

/**
 * Reads a request body up to `limitBytes`. A declared Content-Length over the limit is refused
 * before reading anything; otherwise bytes are counted as they arrive (chunked bodies too). A body
 * that stops arriving for `idleMs` is given up: node's parser can also stop delivering one for good
 * (after a request asking for an Upgrade, a malformed chunk is neither delivered nor reported).
 */
export function readBody(request: IncomingMessage, limitBytes: number, idleMs: number): Promise<BodyResult> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ kind: "too-large" });
  if (request.destroyed) return Promise.resolve({ kind: "aborted" });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const idle = setTimeout(() => finish({ kind: "stalled" }), idleMs);
    const finish = (result: BodyResult) => {
      clearTimeout(idle);
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onAbort);
      request.off("close", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      idle.refresh();
      received += chunk.length;
      if (received > limitBytes) {
        request.pause();
        finish({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: "complete", bytes: Buffer.concat(chunks, received) });
    // Closed before `end`: the client went away (a half-close ends pipelined requests too), even
    // when the parser had the whole body; no `end` follows a close.
    const onAbort = () => finish({ kind: "aborted" });
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onAbort);
    request.on("close", onAbort);
  });
}
