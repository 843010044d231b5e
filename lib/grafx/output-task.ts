/**
 * One status check of a GraFx output task:
 * `GET /grafx/api/v1/environment/{environment}/output/tasks/{taskId}` through the `grafx-api` agent.
 */
import "../zod-config";
import * as z from "zod/mini";
import { lazy } from "../lazy";
import { describeNetworkError, discardBody, idleTimeout, readTextPrefix, type HttpClient } from "../http/client";
import { commonStatusResult, failed, type CallResult } from "./call-result";
import { agentRequestUrl } from "./download-route";

export type TaskStatus =
  | {
      kind: "finished";
      /** Absolute: a relative link is resolved against the status request's configured URL. */
      downloadUrl: string;
    }
  | { kind: "pending" };

export interface TaskCheckRequest {
  environment: string;
  taskId: string;
  token: string;
  /**
   * GRAFX_BASE_URL, the `grafx-api` agent's configured base URL: only to resolve a relative
   * download link. Never the URL an answer claims to come from (on LOC that is a bare path, and
   * a redirect must not move where links point).
   */
  apiBaseUrl: string;
  timeoutMs: number;
  /** Epoch ms: the request is cut here (the execution's time budget). */
  stopAt?: number;
  now?: () => number;
}

/** Built on first use (../lazy). */
const finishedTaskSchema = lazy(() => z.object({ links: z.object({ download: z.string().check(z.minLength(1)) }) }));

export function outputTaskPath(environment: string, taskId: string): string {
  return `/grafx/api/v1/environment/${encodeURIComponent(environment)}/output/tasks/${encodeURIComponent(taskId)}`;
}

async function finishedStatus(response: Response, request: TaskCheckRequest): Promise<CallResult<TaskStatus>> {
  const { taskId } = request;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failed("bad-response", `task ${taskId}: GraFx answered 200 without a JSON body`, true);
  }
  const parsed = finishedTaskSchema().safeParse(body);
  if (!parsed.success) return failed("bad-response", `task ${taskId}: GraFx answered 200 without links.download`, true);
  let downloadUrl: URL;
  try {
    downloadUrl = new URL(parsed.data.links.download, agentRequestUrl(request.apiBaseUrl, outputTaskPath(request.environment, taskId)));
  } catch {
    return failed("bad-response", `task ${taskId}: links.download is not a URL`, true);
  }
  return { kind: "ok", value: { kind: "finished", downloadUrl: downloadUrl.href } };
}

async function interpret(response: Response, request: TaskCheckRequest, nowMs: number): Promise<CallResult<TaskStatus>> {
  const { taskId } = request;
  const what = `task ${taskId}`;
  if (response.status === 200) return finishedStatus(response, request);
  if (response.status === 204 || response.status === 202) {
    await discardBody(response);
    return { kind: "ok", value: { kind: "pending" } };
  }
  if (response.status === 500) {
    const text = (await readTextPrefix(response, 500)).trim();
    return failed("task-failed", `${what}: GraFx reports the task failed${text ? `: ${text}` : ""}`, false);
  }
  if (response.status === 404) {
    await discardBody(response);
    return failed("unknown-task", `${what}: GraFx knows no such output task in this environment (404)`, false);
  }
  await discardBody(response);
  return (
    commonStatusResult(response, what, nowMs) ??
    failed("bad-response", `${what}: unexpected answer ${response.status} to the status request`, false)
  );
}

export async function checkOutputTask(client: HttpClient, request: TaskCheckRequest): Promise<CallResult<TaskStatus>> {
  const now = request.now ?? Date.now;
  const timeout = idleTimeout(request.timeoutMs, request.stopAt === undefined ? undefined : { stopAt: request.stopAt, now });
  try {
    const response = await client.fetch(outputTaskPath(request.environment, request.taskId), {
      method: "GET",
      headers: { Accept: "application/json", Authorization: `Bearer ${request.token}` },
      signal: timeout.signal,
    });
    return await interpret(response, request, now());
  } catch (error) {
    return failed("unreachable", `task ${request.taskId}: ${describeNetworkError(error, timeout.signal)}`, true);
  } finally {
    timeout.clear();
  }
}
