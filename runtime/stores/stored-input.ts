/**
 * What started an execution, kept beside its record so it can be shown and run again: the data
 * processes, the trigger and the payload. Bodies (an HTTP request's, a Kafka record's) are kept as
 * text when they are UTF-8 — readable, and redacted like every stored string — else as base64.
 */
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import type { ExecuteRequest, TriggerType } from "../contract";

export type StoredBody = { text: string } | { base64: string };

export interface StoredInput {
  executionId: string;
  dataProcesses: string[];
  triggerType: TriggerType;
  triggerMetadata: Record<string, unknown>;
  /** The payload with its body (`http.request.data`, `messageQueue.data`) as a StoredBody. */
  payload: Record<string, unknown>;
}

type Bytes = number[] | Uint8Array;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function storeBody(data: Bytes): StoredBody {
  const bytes = data instanceof Uint8Array ? data : Uint8Array.from(data);
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
  }
}

export function restoreBody(body: StoredBody): number[] {
  const bytes = "text" in body ? Buffer.from(body.text, "utf8") : Buffer.from(body.base64, "base64");
  return Array.from(bytes);
}

/**
 * A copy of the payload whose body slot (`http.request.data` or `messageQueue.data`, where LOC's
 * payloads carry bytes) holds `convert(data)`; only the objects on the way are copied.
 */
function withBody(payload: Record<string, unknown>, convert: (data: unknown) => unknown): Record<string, unknown> {
  const { http, messageQueue } = payload;
  if (isRecord(http) && isRecord(http.request) && "data" in http.request) {
    return { ...payload, http: { ...http, request: { ...http.request, data: convert(http.request.data) } } };
  }
  if (isRecord(messageQueue) && "data" in messageQueue) return { ...payload, messageQueue: { ...messageQueue, data: convert(messageQueue.data) } };
  return { ...payload };
}

function bodySlot(payload: Record<string, unknown>): unknown {
  const { http, messageQueue } = payload;
  if (isRecord(http) && isRecord(http.request)) return http.request.data;
  return isRecord(messageQueue) ? messageQueue.data : undefined;
}

export function storedInputOf(executionId: string, request: ExecuteRequest): StoredInput {
  const payload = withBody(request.payload as unknown as Record<string, unknown>, (data) =>
    Array.isArray(data) || data instanceof Uint8Array ? storeBody(data as Bytes) : data,
  );
  return { executionId, dataProcesses: request.dataProcesses, triggerType: request.triggerType, triggerMetadata: request.triggerMetadata ?? {}, payload };
}

/** The payload to run again (its body bytes as they were stored: after redaction). */
export function payloadOf(input: StoredInput): Payload {
  return withBody(input.payload, (data) => (isRecord(data) && ("text" in data || "base64" in data) ? restoreBody(data as StoredBody) : data)) as unknown as Payload;
}

/** The stored body, if the payload has one. */
export function bodyOf(input: StoredInput): StoredBody | undefined {
  const data = bodySlot(input.payload);
  return isRecord(data) && (typeof data.text === "string" || typeof data.base64 === "string") ? (data as StoredBody) : undefined;
}
