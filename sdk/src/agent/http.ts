import type {} from "../host/deno";
import { toHostRequest } from "./httpRequest";
import { abortable, toResponse } from "./httpResponse";

export class HttpAgentClient {
  constructor(readonly configurationId: string) {}

  /**
   * Like the web `fetch`; a relative URL is resolved against the configuration's base URL.
   * Honours `init.signal` (or the Request's signal) until the body is read.
   */
  async fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    signal?.throwIfAborted();
    const request = await toHostRequest(this.configurationId, input, init);
    const head = await abortable(Deno.core.opAsync("op_http_agent_fetch", request), signal);
    return toResponse(head, signal);
  }
}

export const HttpAgent = {
  /** Fails when LOC has no HTTP configuration of that name. */
  async acquire(configurationName: string): Promise<HttpAgentClient> {
    return new HttpAgentClient(await Deno.core.opAsync("op_http_agent_acquire", configurationName));
  },
};
