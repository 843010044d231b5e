import type {} from "../host/deno";

export interface ResultAgentApi {
  /** Sets the task result; a later call merges into it by top-level key. */
  finalize(value: object): ResultAgentApi;
  httpStatusCode(code: number): ResultAgentApi;
}

/** Aggregator logics only. Synchronous: no await needed. */
export const ResultAgent: ResultAgentApi = {
  finalize(value) {
    Deno.core.ops.op_result_agent_set(value);
    return ResultAgent;
  },

  httpStatusCode(code) {
    Deno.core.ops.op_result_agent_set_http_status_code(code);
    return ResultAgent;
  },
};
