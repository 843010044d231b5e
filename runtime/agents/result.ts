/** ResultAgent: the task result (merged by top-level key) and its HTTP status code. */
import { z } from "zod";
import { HostOpError, parseArg, type AgentFactory } from "./agent";

export class TaskResult {
  readonly value: Record<string, unknown> = {};
  /** As set by `httpStatusCode`; undefined means the default (200). */
  statusCode: number | undefined;

  merge(value: Record<string, unknown>): void {
    Object.assign(this.value, value);
  }
}

const resultObject = z.record(z.string(), z.unknown(), { error: "ResultAgent.finalize expects a JSON object" });

/** The value as JSON keeps it (what the result becomes when stored and answered): a plain object. */
function jsonObject(value: unknown): Record<string, unknown> {
  const object = parseArg("op_result_agent_set", resultObject, value);
  try {
    return JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
  } catch (error) {
    throw new HostOpError("TypeError", `op_result_agent_set: ResultAgent.finalize expects a JSON object: ${(error as Error).message}`);
  }
}

function statusCode(code: unknown): number {
  if (typeof code === "number" && Number.isInteger(code) && code >= 100 && code <= 599) return code;
  throw new HostOpError(
    typeof code === "number" ? "RangeError" : "TypeError",
    `op_result_agent_set_http_status_code: ResultAgent.httpStatusCode expects an integer from 100 to 599, got ${String(code)}`,
  );
}

export const resultAgent: AgentFactory = () => ({
  attach: (task) => ({
    ops: {
      op_result_agent_set: (_caller, value) => task.result.merge(jsonObject(value)),
      op_result_agent_set_http_status_code: (_caller, code) => {
        task.result.statusCode = statusCode(code);
      },
    },
  }),
});
