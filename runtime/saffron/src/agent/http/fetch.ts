import { isFullUrl, LocRequest, requestTarget } from "./request";
import { responseFromHead } from "./response";

function fullUrlError(target: string): TypeError {
  return new TypeError(
    `HttpAgent: "${target}" is a full URL; LOC's HTTP agent takes a path only (using a full URL (host + path) ` +
      "would throw an error on LOC): the host comes from the HTTP agent configuration",
  );
}

/**
 * LOC's `fetch(configurationId, input, init)`: the request goes to the host named by the HTTP
 * agent configuration, at the given path. Its body is sent whole; the response's is streamed.
 */
export async function agentFetch(configurationId: string, input: Request | string, init?: RequestInit): Promise<Response> {
  const target = requestTarget(input);
  if (isFullUrl(target)) throw fullUrlError(target);
  const request = new LocRequest(input, init);
  const { signal } = request;
  signal.throwIfAborted();

  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  // The defaults LOC's fetch adds, as Deno's does.
  if (!request.headers.has("Accept")) headers["Accept"] = "*/*";
  if (!request.headers.has("Accept-Language")) headers["Accept-Language"] = "*";

  const prepareArgs = {
    configurationId,
    method: request.method,
    path: target,
    headers,
    hasBody: body !== null,
    bodyLength: body === null ? null : body.byteLength,
  };
  const { requestRid } = await Deno.core.opAsync("op_http_agent_prepare", prepareArgs, body);
  const head = await Deno.core.opAsync("op_http_agent_send", configurationId, requestRid);
  if (signal.aborted) {
    Deno.core.tryClose(head.responseRid);
    throw signal.reason;
  }
  return responseFromHead(head, request.method, signal);
}
