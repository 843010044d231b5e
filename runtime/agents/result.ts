/** ResultAgent: the task result (merged by top-level key) and its HTTP status code. */
import { z } from "zod";
import { parseArg, type AgentFactory } from "./agent";

export class TaskResult {
  readonly value: Record<string, unknown> = {};
  /** As set by `httpStatusCode`; undefined means the default (200). */
  statusCode: number | undefined;

  merge(value: Record<string, unknown>): void {
    Object.assign(this.value, value);
  }
}

const resultValue = z.record(z.string(), z.unknown(), { error: "expected a JSON object" });
const statusCode = z.number().int().min(100).max(599);

export const resultAgent: AgentFactory = () => ({
  attach: (task) => ({
    ops: {
      op_result_agent_set: (_caller, value) => task.result.merge(parseArg("op_result_agent_set", resultValue, value)),
      op_result_agent_set_http_status_code: (_caller, code) => {
        task.result.statusCode = parseArg("op_result_agent_set_http_status_code", statusCode, code);
      },
    },
  }),
});
