import { agentFetch } from "./fetch";

export const HttpAgent = {
  async acquire(configurationName: string): Promise<HttpAgentClient> {
    const configurationId = await Deno.core.opAsync("op_http_agent_acquire", configurationName);
    return new HttpAgentClient(configurationId);
  },
};

/** One HTTP agent configuration: its host (and credentials) are LOC's, the logic gives paths. */
export class HttpAgentClient {
  constructor(readonly configurationId: string) {}

  /** `fetch` with a path only: a full URL throws, as on LOC. */
  async fetch(input: Request | string, init?: RequestInit): Promise<Response> {
    return agentFetch(this.configurationId, input, init);
  }
}

export { LocRequest } from "./request";
