/**
 * One order, start to end: check its output task, download the finished output, write it to the
 * `orders` file storage, and only then drop its pending record.
 */
import type { Limiter } from "../concurrency";
import type { Failure } from "../grafx/call-result";
import { callWithToken, type CallContext } from "../grafx/call-with-token";
import { downloadOutput } from "../grafx/download";
import { fileExtension, mediaType } from "../grafx/download-link";
import { checkOutputTask } from "../grafx/output-task";
import type { HttpClient } from "../http/client";
import type { Logger } from "../log";
import type { OrderOutcome, WorkOrder } from "../session/state";
import type { Settings } from "../settings";
import { isFinal } from "../status/status-policy";
import { outputFilePath } from "./file-path";
import type { FileStore } from "./file-store";
import { removePending } from "./pending-store";

export interface OrderDeps extends CallContext {
  /** The `grafx-api` HTTP agent client. */
  api: HttpClient;
  /** The `orders` file storage. */
  store: FileStore;
  settings: Pick<Settings, "maxDownloadBytes" | "allowInsecureLoopback" | "requestTimeoutMs">;
  /** Bounds the downloads running at once (each holds its output in memory until written). */
  downloadSlots: Limiter;
  log: Logger;
}

function baseOutcome(order: WorkOrder): Pick<OrderOutcome, "taskId" | "orderId" | "environment"> {
  return { taskId: order.taskId, environment: order.environment, ...(order.orderId && { orderId: order.orderId }) };
}

export function failureOutcome(order: WorkOrder, failure: Failure): OrderOutcome {
  return {
    ...baseOutcome(order),
    kind: failure.reason,
    error: failure.message,
    ...(failure.retryAfterSeconds !== undefined && { retryAfterSeconds: failure.retryAfterSeconds }),
  };
}

async function checkAndDownload(order: WorkOrder, deps: OrderDeps): Promise<OrderOutcome> {
  const { taskId, environment } = order;
  const { requestTimeoutMs: timeoutMs } = deps.settings;
  const status = await callWithToken(deps, (token) => checkOutputTask(deps.api, { environment, taskId, token, timeoutMs, now: deps.clock.now }));
  if (!status.ok) return failureOutcome(order, status.failure);
  if (status.value.kind === "pending") return { ...baseOutcome(order), kind: "pending" };

  const { downloadUrl, apiOrigin } = status.value;
  const download = await deps.downloadSlots(() =>
    callWithToken(deps, (token) =>
      downloadOutput(deps.api, {
        taskId,
        url: downloadUrl,
        apiOrigin,
        token,
        maxBytes: deps.settings.maxDownloadBytes,
        allowInsecureLoopback: deps.settings.allowInsecureLoopback,
        timeoutMs,
        now: deps.clock.now,
      }),
    ),
  );
  if (!download.ok) return failureOutcome(order, download.failure);

  const { bytes, contentType, sha256 } = download.value;
  const path = outputFilePath(order, fileExtension(order.format, contentType));
  try {
    await deps.store.simplePut(path, bytes, { ensureDir: true });
  } catch (error) {
    const message = `task ${taskId}: could not write ${path} to file storage "orders": ${error instanceof Error ? error.message : String(error)}`;
    return failureOutcome(order, { reason: "storage-failed", message });
  }
  const type = mediaType(contentType);
  return { ...baseOutcome(order), kind: "downloaded", path, bytes: bytes.byteLength, sha256, ...(type && { contentType: type }) };
}

export async function processOrder(order: WorkOrder, deps: OrderDeps): Promise<OrderOutcome> {
  const outcome = await checkAndDownload(order, deps);
  if (isFinal(outcome.kind)) {
    try {
      await removePending(deps.store, order.taskId);
    } catch (error) {
      // Harmless: the order is re-checked later and its file written again, to the same path.
      deps.log.warn({ event: "pending-remove-failed", taskId: order.taskId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}
