/**
 * Downloads one finished output through the HTTP agent ./download-route chose, by path: the token
 * only when that agent is `grafx-api`, the size cap enforced while reading, a short or broken body
 * reported as a (retryable) failure — never partial bytes.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { describeNetworkError, discardBody, idleTimeout, type HttpClient } from "../http/client";
import { commonStatusResult, failed, type CallResult } from "./call-result";
import { ByteSink } from "./byte-sink";

export interface DownloadRequest {
  taskId: string;
  /** Relative to the agent's base URL (see ./download-route): LOC's agents take paths only. */
  path: string;
  /** The link's origin and path, for messages. */
  shownUrl: string;
  /** The bearer token, or null: only `grafx-api` requests carry it. */
  token: string | null;
  maxBytes: number;
  /** Idle timeout: the longest wait for the answer or for the next chunk of the body. */
  timeoutMs: number;
  /** Epoch ms: the download is cut here, however well it is going (the execution's time budget). */
  stopAt?: number;
  now?: () => number;
}

export interface DownloadedOutput {
  bytes: Uint8Array;
  contentType: string | null;
  /** Hex. */
  sha256: string;
  /** Whether the request carried the token (only ever through `grafx-api`). */
  sentToken: boolean;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

function declaredLength(response: Response): number | undefined {
  const header = response.headers.get("content-length");
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  // A decoded (e.g. gzip) body does not match the length on the wire.
  const encoding = response.headers.get("content-encoding")?.trim().toLowerCase();
  return encoding && encoding !== "identity" ? undefined : Number(header);
}

async function readBody(
  response: Response,
  request: DownloadRequest,
  timeout: ReturnType<typeof idleTimeout>,
  sentToken: boolean,
): Promise<CallResult<DownloadedOutput>> {
  const what = `task ${request.taskId}: download`;
  const expected = declaredLength(response);
  if (expected !== undefined && expected > request.maxBytes) {
    await discardBody(response);
    return failed("too-large", `${what}: the output is ${formatBytes(expected)}, over the ${formatBytes(request.maxBytes)} cap`, false);
  }
  if (!response.body) return failed("unreachable", `${what}: the answer has no body`, true);
  const reader = response.body.getReader();
  const hash = sha256.create();
  const sink = new ByteSink(expected);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      timeout.touch();
      if (sink.length + value.byteLength > request.maxBytes) {
        await reader.cancel().catch(() => undefined);
        return failed("too-large", `${what}: the output passed the ${formatBytes(request.maxBytes)} cap while downloading`, false);
      }
      hash.update(value);
      sink.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    return failed("unreachable", `${what}: interrupted after ${formatBytes(sink.length)}: ${describeNetworkError(error, timeout.signal)}`, true);
  }
  if (expected !== undefined && sink.length < expected) {
    return failed("unreachable", `${what}: truncated, got ${sink.length} of ${expected} bytes`, true);
  }
  return {
    kind: "ok",
    value: { bytes: sink.bytes(), contentType: response.headers.get("content-type"), sha256: bytesToHex(hash.digest()), sentToken },
  };
}

async function interpret(
  response: Response,
  request: DownloadRequest,
  timeout: ReturnType<typeof idleTimeout>,
  sentToken: boolean,
): Promise<CallResult<DownloadedOutput>> {
  const what = `task ${request.taskId}: download`;
  if (response.status === 200) return readBody(response, request, timeout, sentToken);
  await discardBody(response);
  const common = commonStatusResult(response, what, (request.now ?? Date.now)());
  // A refusal from a host we sent no token to is the link's own problem (e.g. an expired signature).
  if (common && (common.kind !== "unauthorized" || sentToken)) return common;
  if (response.status >= 500) return failed("unreachable", `${what}: ${request.shownUrl} answered ${response.status}`, true);
  return failed("bad-response", `${what}: ${request.shownUrl} answered ${response.status}`, false);
}

export async function downloadOutput(client: HttpClient, request: DownloadRequest): Promise<CallResult<DownloadedOutput>> {
  const sentToken = request.token !== null;
  const headers: Record<string, string> = { Accept: "*/*" };
  if (request.token !== null) headers.Authorization = `Bearer ${request.token}`;
  const now = request.now ?? Date.now;
  const timeout = idleTimeout(request.timeoutMs, request.stopAt === undefined ? undefined : { stopAt: request.stopAt, now });
  try {
    const response = await client.fetch(request.path, { method: "GET", headers, signal: timeout.signal });
    timeout.touch();
    return await interpret(response, request, timeout, sentToken);
  } catch (error) {
    return failed("unreachable", `task ${request.taskId}: download: ${describeNetworkError(error, timeout.signal)}`, true);
  } finally {
    timeout.clear();
  }
}
