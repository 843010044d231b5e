import type { HttpAgentRequest } from "../host/ops";

// Lets the platform's Request normalise a relative URL's method, headers and body; the
// placeholder never leaves this file, the relative text is what the host resolves.
const PLACEHOLDER_BASE = "http://relative.invalid/";

function isAbsoluteUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns fetch arguments into the host's request shape. A string or URL may be relative: LOC
 * resolves it against the configuration's base URL.
 */
export async function toHostRequest(
  configurationId: string,
  input: Request | string | URL,
  init?: RequestInit,
): Promise<HttpAgentRequest> {
  let request: Request;
  let url: string;
  if (input instanceof Request) {
    request = new Request(input, init);
    url = request.url;
  } else {
    const text = String(input);
    const absolute = isAbsoluteUrl(text);
    request = new Request(absolute ? text : new URL(text, PLACEHOLDER_BASE), init);
    url = absolute ? request.url : text;
  }
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  return { configurationId, url, method: request.method, headers: [...request.headers], body };
}
