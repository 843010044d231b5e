import type {} from "../host/deno";
import type { HttpAgentResponseHead } from "../host/ops";

// Statuses the Response constructor refuses a body for.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function closeBody(bodyRid: number): Promise<void> {
  return Deno.core.opAsync("op_http_agent_body_close", bodyRid);
}

/**
 * A body that reads the host's response chunk by chunk, only as fast as the logic consumes it.
 * Cancelling it, or aborting the request's signal, releases the host's body.
 */
function bodyStream(bodyRid: number, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let onAbort: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          controller.error(signal?.reason);
          void closeBody(bodyRid).catch(() => undefined);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        const chunk = await Deno.core.opAsync("op_http_agent_body_read", bodyRid);
        if (chunk !== null) return controller.enqueue(chunk);
        if (onAbort) signal?.removeEventListener("abort", onAbort);
        controller.close();
      },
      async cancel() {
        if (onAbort) signal?.removeEventListener("abort", onAbort);
        await closeBody(bodyRid);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The web `Response` for a host response head; `url` is the final URL after redirects. */
export async function toResponse(head: HttpAgentResponseHead, signal?: AbortSignal): Promise<Response> {
  const hasBody = !NULL_BODY_STATUSES.has(head.status);
  if (!hasBody) await closeBody(head.bodyRid);
  const response = new Response(hasBody ? bodyStream(head.bodyRid, signal) : null, {
    status: head.status,
    statusText: head.statusText,
    headers: new Headers(head.headers),
  });
  // The Response constructor cannot set `url`.
  Object.defineProperty(response, "url", { value: head.url, enumerable: true });
  return response;
}

/** The response head, or the signal's reason as soon as it aborts (releasing a late head's body). */
export function abortable(
  headPromise: Promise<HttpAgentResponseHead>,
  signal: AbortSignal | undefined,
): Promise<HttpAgentResponseHead> {
  if (!signal) return headPromise;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      void headPromise.then((head) => closeBody(head.bodyRid)).catch(() => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    headPromise.then(
      (head) => {
        signal.removeEventListener("abort", onAbort);
        resolve(head);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
