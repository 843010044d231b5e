import type { ServerResponse } from "node:http";
import { z } from "zod";
import { requireBearer } from "./auth";
import { missingOutputReason, streamOutput } from "./downloads";
import type { Endpoint, EndpointContext } from "./endpoint";
import { outputFormatSchema } from "./formats";
import { readJsonBody, sendEmpty, sendJson, sendText } from "./http-io";
import { taskInfoUrl, type SimulatorState } from "./simulator-state";
import type { OutputTask } from "./tasks";
import { describeZodError } from "./validation";

const environmentPath = "^/grafx/api/v1/environment/(?<environment>[^/]+)/output";

/** Template, document and output settings are accepted and ignored; these two steer the simulator. */
const createOutputBodySchema = z
  .object({
    durationMs: z.number().int().nonnegative().optional(),
    sizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .passthrough();

/**
 * Token, then environment, then task: the order GraFx reports problems in. `requireToken: false` is
 * the second origin answering a redirected call: it takes whatever comes.
 */
function findTask({ state, request, response, params }: EndpointContext, requireToken = true): OutputTask | undefined {
  if (requireToken && !requireBearer(state, request, response)) return undefined;
  if (!knownEnvironment(state, params, response)) return undefined;
  const taskId = params.taskId ?? "";
  const task = state.tasks.get(taskId);
  if (!task) sendJson(response, 404, { error: `output task ${taskId} not found` });
  return task;
}

function knownEnvironment(state: SimulatorState, params: Record<string, string>, response: ServerResponse): boolean {
  if (params.environment === state.config.environment) return true;
  sendJson(response, 404, { error: `environment ${params.environment ?? ""} not found` });
  return false;
}

function downloadUrl(state: SimulatorState, task: OutputTask, secondOrigin: boolean): string {
  return secondOrigin
    ? `${state.secondOriginUrl}/files/${task.taskId}/output.${task.format}`
    : `${taskInfoUrl(state, task.taskId)}/download`;
}

/** `POST …/environment/{env}/output/{format}` → the new task's id and its task-info link. */
export const createOutputEndpoint: Endpoint = {
  method: "POST",
  pattern: new RegExp(`${environmentPath}/(?<format>[^/]+)$`),
  stage: "create",
  authenticated: true,
  async handle({ state, request, response, params }) {
    if (!requireBearer(state, request, response)) return;
    if (!knownEnvironment(state, params, response)) return;
    const format = outputFormatSchema.safeParse(params.format);
    if (!format.success) return sendJson(response, 400, { error: `unsupported output format ${params.format ?? ""}` });
    const body = await readJsonBody(request);
    if (!body.ok) return sendJson(response, body.status, { error: body.error });
    const parsed = createOutputBodySchema.safeParse(body.value);
    if (!parsed.success) return sendJson(response, 400, { error: describeZodError(parsed.error) });
    const task = state.tasks.create({ format: format.data, durationMs: parsed.data.durationMs, sizeBytes: parsed.data.sizeBytes });
    sendJson(response, 201, { data: { taskId: task.taskId }, links: { taskInfo: taskInfoUrl(state, task.taskId) } });
  },
};

/**
 * The status answer: 204 while running, 200 with `links.download`, 500 with the failure text. On
 * the API origin the link is absolute; on the second origin (a redirected call) it is the download
 * path alone, so it points wherever the client resolves it.
 */
function statusEndpoint(origin: "api" | "second"): Endpoint {
  return {
    method: "GET",
    pattern: new RegExp(`${environmentPath}/tasks/(?<taskId>[^/]+)$`),
    stage: "status",
    authenticated: origin === "api",
    handle(context) {
      const task = findTask(context, origin === "api");
      if (!task) return;
      const { state, response, plan } = context;
      const taskState = state.tasks.stateOf(task);
      if (taskState === "pending") return sendEmpty(response, 204);
      if (taskState === "failed") return sendText(response, 500, task.failure ?? "");
      const download = origin === "api" ? downloadUrl(state, task, plan.secondOrigin) : new URL(`${taskInfoUrl(state, task.taskId)}/download`).pathname;
      sendJson(response, 200, {
        data: {
          taskId: task.taskId,
          status: "Succeeded",
          format: task.format,
          contentType: task.contentType,
          sizeBytes: task.sizeBytes,
          createdAt: new Date(task.createdAt).toISOString(),
          finishedAt: new Date(task.finishesAt).toISOString(),
        },
        links: { taskInfo: taskInfoUrl(state, task.taskId), download: plan.link ?? download },
      });
    },
  };
}

/** The download by GraFx's own path: with the bearer token on the API origin, with anything on the second. */
function downloadEndpoint(origin: "api" | "second"): Endpoint {
  return {
    method: "GET",
    pattern: new RegExp(`${environmentPath}/tasks/(?<taskId>[^/]+)/download$`),
    stage: "download",
    authenticated: origin === "api",
    async handle(context) {
      const task = findTask(context, origin === "api");
      if (!task) return;
      const { state, response, plan } = context;
      const missing = missingOutputReason(state.tasks.stateOf(task), task.taskId);
      if (missing) return sendJson(response, 409, { error: missing });
      await streamOutput(response, task, plan.truncateAfterBytes);
    },
  };
}

/** `GET …/output/tasks/{taskId}` on the API origin. */
export const taskStatusEndpoint = statusEndpoint("api");

/** `GET …/output/tasks/{taskId}/download` on the API origin: needs the bearer token. */
export const apiDownloadEndpoint = downloadEndpoint("api");

/**
 * The same two paths on the second origin, where the `redirect` fault sends them: answered without
 * a token (the request log tells whether one came anyway).
 */
export const redirectedStatusEndpoint = statusEndpoint("second");
export const redirectedDownloadEndpoint = downloadEndpoint("second");
