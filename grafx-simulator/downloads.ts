import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Endpoint } from "./endpoint";
import { sendJson } from "./http-io";
import { outputChunks } from "./output-bytes";
import type { OutputTask } from "./tasks";

/**
 * Streams a task's output with its full Content-Length. With `truncateAfterBytes` only that much is
 * sent and the connection is closed, so the client sees a body shorter than announced.
 */
export async function streamOutput(response: ServerResponse, task: OutputTask, truncateAfterBytes?: number): Promise<void> {
  response.writeHead(200, {
    "Content-Type": task.contentType,
    "Content-Length": task.sizeBytes,
    "Content-Disposition": `attachment; filename="output.${task.format}"`,
  });
  if (truncateAfterBytes === undefined) {
    await pipeline(Readable.from(outputChunks(task), { objectMode: false }), response);
    return;
  }
  await pipeline(Readable.from(outputChunks(task, truncateAfterBytes), { objectMode: false }), response, { end: false });
  // end() rather than destroy(): the bytes written so far still reach the client before the FIN.
  response.socket?.end();
}

/** Why a task has nothing to download yet, or undefined when it has. */
export function missingOutputReason(state: "pending" | "succeeded" | "failed", taskId: string): string | undefined {
  if (state === "pending") return `task ${taskId} is not finished`;
  if (state === "failed") return `task ${taskId} failed and has no output`;
  return undefined;
}

/**
 * `GET /files/{taskId}/output.{ext}` on the second origin: no token needed (like a pre-signed
 * storage link). Whether an Authorization header arrived anyway is in the request log.
 */
export const secondOriginDownloadEndpoint: Endpoint = {
  method: "GET",
  pattern: /^\/files\/(?<taskId>[^/]+)\/output\.(?<extension>[A-Za-z0-9]+)$/,
  stage: "download",
  authenticated: false,
  async handle({ state, response, params, plan }) {
    const taskId = params.taskId ?? "";
    const task = state.tasks.get(taskId);
    if (!task || task.format !== params.extension) return sendJson(response, 404, { error: `no file output.${params.extension} for task ${taskId}` });
    const missing = missingOutputReason(state.tasks.stateOf(task), taskId);
    if (missing) return sendJson(response, 409, { error: missing });
    await streamOutput(response, task, plan.truncateAfterBytes);
  },
};
