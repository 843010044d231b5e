/**
 * One order, start to end: check its output task, read the lease back (read-orders took it
 * provisionally; the check overlaps the wait), download the finished output, write it to the
 * `orders` file storage, and only then drop its pending record (with it, this execution's lease);
 * an order that stays pending gets its lease released for the next execution. An order whose lease
 * turns out to be another execution's is left exactly as that one has it.
 */
import type { Limiter } from "../concurrency";
import type { Failure } from "../grafx/call-result";
import { callWithoutToken, callWithToken, type CallContext, type CallOutcome } from "../grafx/call-with-token";
import { downloadOutput, type DownloadedOutput } from "../grafx/download";
import { fileExtension, mediaType } from "../grafx/download-link";
import { routeDownload, type DownloadBases } from "../grafx/download-route";
import { checkOutputTask } from "../grafx/output-task";
import type { HttpClient } from "../http/client";
import type { Logger } from "../log";
import type { OrderOutcome, WorkOrder } from "../session/state";
import type { Settings } from "../settings";
import { isFinal } from "../status/status-policy";
import { outputFilePath } from "./file-path";
import type { FileStore } from "./file-store";
import { releaseLease, removePending, type Claim } from "./pending-store";

export interface OrderDeps extends CallContext {
  /** The `grafx-api` HTTP agent client. */
  api: HttpClient;
  /** An HTTP agent client by configuration name (`grafx-api`, `grafx-download`), acquired when first needed. */
  httpAgent(name: string): Promise<HttpClient>;
  /** The agents' configured base URLs (logic variables), which decide where a download link goes. */
  bases: DownloadBases;
  /** The `orders` file storage. */
  store: FileStore;
  settings: Pick<Settings, "maxDownloadBytes" | "allowInsecureLoopback" | "requestTimeoutMs">;
  /** Bounds the status checks running at once (CONCURRENCY). */
  checkSlots: Limiter;
  /** Bounds the downloads running at once (each holds its output in memory until written). */
  downloadSlots: Limiter;
  /** The lease this execution holds on its orders (taken by read-orders). */
  leaseId: string;
  /** The order's lease read back once its settle time has passed (the same answer for every call). */
  confirmLease(taskId: string): Promise<Claim>;
  log: Logger;
}

function baseOutcome(order: WorkOrder): Pick<OrderOutcome, "taskId" | "orderId" | "environment"> {
  return { taskId: order.taskId, environment: order.environment, ...(order.orderId && { orderId: order.orderId }) };
}

/** An order whose check would start past the execution's deadline: it stays pending for a later one. */
function notStarted(order: WorkOrder): OrderOutcome {
  return {
    ...baseOutcome(order),
    kind: "pending",
    error: "not checked in this execution (TIME_BUDGET_SECONDS used up); it stays pending and is re-checked later",
  };
}

/** The order's outcome when its lease is not ours after all; undefined when it is. */
async function lostLease(order: WorkOrder, deps: Pick<OrderDeps, "confirmLease">): Promise<OrderOutcome | undefined> {
  const claim = await deps.confirmLease(order.taskId);
  if (claim.kind === "taken") return undefined;
  const until = claim.kind === "held" && claim.until !== undefined ? ` (its lease ends at ${claim.until})` : "";
  return {
    ...baseOutcome(order),
    kind: "pending",
    error: `being worked on by another execution, which took it at the same time${until}; it stays pending and is not downloaded here`,
  };
}

export function failureOutcome(order: WorkOrder, failure: Failure): OrderOutcome {
  return {
    ...baseOutcome(order),
    kind: failure.reason,
    error: failure.message,
    ...(failure.retryAfterSeconds !== undefined && { retryAfterSeconds: failure.retryAfterSeconds }),
  };
}

/**
 * Fetches the output at `link` through the agent whose base URL it lies under — `grafx-api` with the
 * token, `grafx-download` without — or fails for this order alone when no agent reaches its host.
 */
async function downloadFrom(order: WorkOrder, link: string, deps: OrderDeps): Promise<CallOutcome<DownloadedOutput>> {
  const { taskId } = order;
  const route = routeDownload(link, deps.bases, deps.settings.allowInsecureLoopback);
  if (route.kind === "refused") return { ok: false, failure: { reason: "bad-response", message: `task ${taskId}: ${route.message}` } };
  let client: HttpClient;
  try {
    client = await deps.httpAgent(route.agent);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `task ${taskId}: the download link ${route.shownUrl} needs the "${route.agent}" HTTP agent, which could not be acquired: ${reason}`;
    return { ok: false, failure: { reason: "bad-response", message } };
  }
  const request = {
    taskId,
    path: route.path,
    shownUrl: route.shownUrl,
    maxBytes: deps.settings.maxDownloadBytes,
    timeoutMs: deps.settings.requestTimeoutMs,
    stopAt: deps.stopAt,
    now: deps.clock.now,
  };
  return deps.downloadSlots(() =>
    route.withToken
      ? callWithToken(deps, (token) => downloadOutput(client, { ...request, token }))
      : callWithoutToken(deps, () => downloadOutput(client, { ...request, token: null })),
  );
}

async function checkAndDownload(order: WorkOrder, deps: OrderDeps): Promise<OrderOutcome> {
  const { taskId, environment } = order;
  const { requestTimeoutMs: timeoutMs } = deps.settings;
  // The check slot is free again once the status is known: the next order's check starts while
  // this one downloads, so downloads and writes do not add to GraFx's latency.
  const status = await deps.checkSlots(async () =>
    deps.clock.now() > deps.deadline
      ? undefined
      : callWithToken(deps, (token) =>
          checkOutputTask(deps.api, { environment, taskId, token, apiBaseUrl: deps.bases.api, timeoutMs, stopAt: deps.stopAt, now: deps.clock.now }),
        ),
  );
  if (status === undefined) return notStarted(order);
  if (!status.ok) return failureOutcome(order, status.failure);
  if (status.value.kind === "pending") return { ...baseOutcome(order), kind: "pending" };
  // The check ran while the lease settled; the download is the first thing another execution that
  // took the order at the same moment would do twice.
  const lost = await lostLease(order, deps);
  if (lost) return lost;

  const download = await downloadFrom(order, status.value.downloadUrl, deps);
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

/**
 * What an outcome leaves of the order's pending record: a final one removes it (the lease goes
 * with it), any other hands the order back by releasing the lease — once the lease is read back as
 * ours; when it is not, the record is another execution's and the outcome says so. A failure here
 * costs no order: the record stays, and the lease expires on its own.
 */
export async function settlePending(
  order: WorkOrder,
  outcome: OrderOutcome,
  deps: Pick<OrderDeps, "store" | "leaseId" | "confirmLease" | "log">,
): Promise<OrderOutcome> {
  const lost = await lostLease(order, deps);
  if (lost) return lost;
  const final = isFinal(outcome.kind);
  try {
    if (final) await removePending(deps.store, order.taskId);
    else await releaseLease(deps.store, order.taskId, deps.leaseId);
  } catch (error) {
    // Harmless: the record stays. A final order is re-checked later and its file written again, to
    // the same path; a lease not released runs out.
    const event = final ? "pending-remove-failed" : "lease-release-failed";
    deps.log.warn({ event, taskId: order.taskId, error: error instanceof Error ? error.message : String(error) });
  }
  return outcome;
}

export async function processOrder(order: WorkOrder, deps: OrderDeps): Promise<OrderOutcome> {
  return settlePending(order, await checkAndDownload(order, deps), deps);
}
