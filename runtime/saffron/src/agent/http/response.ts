import type { HttpResponseHead } from "../../host-ops";

/**
 * What one op_read asks for, as Deno's resource streams do: 512 KiB, so that a download holds
 * little besides the logic's own buffer on its way (the host reads ahead as much, no more).
 */
const CHUNK_BYTES = 512 * 1024;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The response body, read from the host chunk by chunk as the logic consumes it. */
function bodyStream(rid: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  let open = true;
  const release = (atEnd: boolean) => {
    if (!open) return;
    open = false;
    if (atEnd) Deno.core.close(rid);
    else Deno.core.tryClose(rid);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        signal.addEventListener("abort", () => {
          controller.error(signal.reason);
          release(false);
        }, { once: true });
      },
      async pull(controller) {
        try {
          const chunk = await Deno.core.opAsync("op_read", rid, CHUNK_BYTES);
          if (chunk.byteLength === 0) {
            release(true);
            controller.close();
          } else {
            controller.enqueue(chunk);
          }
        } catch (error) {
          release(false);
          controller.error(error);
        }
      },
      cancel() {
        release(false);
      },
    },
    // Nothing is read before the logic asks for it.
    { highWaterMark: 0 },
  );
}

// The platform's Response refuses statuses outside 200–599 (101, 103) and has no way to set `url`:
// both come from the head, set on the instance (and kept by clone()).
function withHead(response: Response, head: HttpResponseHead): Response {
  const clone = response.clone.bind(response);
  const own: PropertyDescriptorMap = {
    url: { value: head.url },
    clone: { value: () => withHead(clone(), head) },
  };
  if (response.status !== head.status) {
    own.status = { value: head.status };
    own.ok = { value: head.status >= 200 && head.status <= 299 };
  }
  return Object.defineProperties(response, own);
}

export function responseFromHead(head: HttpResponseHead, method: string, signal: AbortSignal): Response {
  const nullBody = NULL_BODY_STATUSES.has(head.status) || method === "HEAD" || method === "CONNECT";
  if (nullBody) Deno.core.close(head.responseRid);
  const body = nullBody ? null : bodyStream(head.responseRid, signal);
  const status = head.status >= 200 && head.status <= 599 ? head.status : 200;
  return withHead(new Response(body, { status, statusText: head.statusText, headers: head.headers }), head);
}
