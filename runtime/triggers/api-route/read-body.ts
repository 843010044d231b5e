import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { kind: "complete"; bytes: Buffer }
  /** Declared or streamed past the limit; the rest of the body is left unread. */
  | { kind: "too-large" }
  /** The client went away before the body ended. */
  | { kind: "aborted" };

/**
 * Reads a request body up to `limitBytes`. A declared Content-Length over the limit is refused
 * before reading anything; otherwise bytes are counted as they arrive (chunked bodies too).
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve({ kind: "too-large" });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: BodyResult) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onAbort);
      request.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        request.pause();
        finish({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: "complete", bytes: Buffer.concat(chunks, received) });
    const onAbort = () => finish({ kind: "aborted" });
    const onClose = () => {
      if (!request.complete) onAbort();
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onAbort);
    request.on("close", onClose);
  });
}
