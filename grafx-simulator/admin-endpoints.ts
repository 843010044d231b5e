import type { Endpoint } from "./endpoint";
import { faultListSchema } from "./faults";
import { readJsonBody, sendEmpty, sendJson } from "./http-io";
import { createTask } from "./simulator-state";
import { describeZodError } from "./validation";

/**
 * `/__simulator/…`: control for the CLI and other processes. No auth, never faulted; meant for
 * loopback only, like the simulator itself.
 */
export const adminEndpoints: Endpoint[] = [
  {
    method: "POST",
    pattern: /^\/__simulator\/tasks$/,
    stage: "admin",
    authenticated: false,
    async handle({ state, request, response }) {
      const body = await readJsonBody(request);
      if (!body.ok) return sendJson(response, body.status, { error: body.error });
      try {
        sendJson(response, 201, createTask(state, body.value));
      } catch (error) {
        sendJson(response, 400, { error: (error as Error).message });
      }
    },
  },
  {
    method: "PUT",
    pattern: /^\/__simulator\/faults$/,
    stage: "admin",
    authenticated: false,
    async handle({ state, request, response }) {
      const body = await readJsonBody(request);
      if (!body.ok) return sendJson(response, body.status, { error: body.error });
      const faults = faultListSchema.safeParse(body.value);
      if (!faults.success) return sendJson(response, 400, { error: `invalid faults: ${describeZodError(faults.error, "faults")}` });
      state.faults.setGlobal(faults.data);
      sendEmpty(response, 204);
    },
  },
  {
    method: "PUT",
    pattern: /^\/__simulator\/tasks\/(?<taskId>[^/]+)\/faults$/,
    stage: "admin",
    authenticated: false,
    async handle({ state, request, response, params }) {
      const task = state.tasks.get(params.taskId ?? "");
      if (!task) return sendJson(response, 404, { error: `output task ${params.taskId ?? ""} not found` });
      const body = await readJsonBody(request);
      if (!body.ok) return sendJson(response, body.status, { error: body.error });
      const faults = faultListSchema.safeParse(body.value);
      if (!faults.success) return sendJson(response, 400, { error: `invalid faults for task ${task.taskId}: ${describeZodError(faults.error, "faults")}` });
      state.faults.setForTask(task.taskId, faults.data);
      sendEmpty(response, 204);
    },
  },
  {
    method: "GET",
    pattern: /^\/__simulator\/requests$/,
    stage: "admin",
    authenticated: false,
    handle({ state, response }) {
      sendJson(response, 200, { requests: state.log.list(), tokensIssued: state.tokens.issued });
    },
  },
];
