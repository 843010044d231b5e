/**
 * The console's JSON API (what its page calls): list and open executions, run a data process by
 * hand, re-run an execution with its payload. Inputs are checked with zod; an error names its path.
 */
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { describeIssues } from "../../lib/orders/zod-path";
import { TRIGGER_TYPES, type ExecutionRecord } from "../contract";
import { EXECUTION_STATUSES, finishedStatus } from "../execution-status";
import { ExecutorBusyError } from "../executor/execution-slots";
import type { LocalRuntime } from "../executor";
import { isExecutionId, MAX_LIST } from "../stores/execution-store";
import { payloadOf } from "../stores/stored-input";
import { manualPayload } from "../triggers/manual/manual-payload";
import { readBody } from "../triggers/api-route/read-body";
import { executionView, liveSummary, recordSummary, type ExecutionSummary } from "./execution-views";

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}


const listQuerySchema = z
  .object({
    dataProcess: z.string().min(1).optional(),
    trigger: z.enum(TRIGGER_TYPES).optional(),
    status: z.enum(EXECUTION_STATUSES as [string, ...string[]]).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIST).default(50),
  })
  .strict();

const manualRunSchema = z
  .object({
    dataProcess: z.string().min(1, "choose a data process"),
    /** The JSON the logics read as the request body. */
    body: z.string(),
  })
  .strict();

function problem(status: number, issues: string[]): ApiAnswer {
  return { status, body: { error: issues.join("; "), issues } };
}

function invalid(error: z.ZodError, root: string): ApiAnswer {
  return problem(400, describeIssues(error, [root]));
}

export async function listExecutions(runtime: LocalRuntime, search: URLSearchParams): Promise<ApiAnswer> {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) return invalid(parsed.error, "query");
  const { dataProcess, trigger, status, limit } = parsed.data;
  const wanted = (summary: ExecutionSummary) =>
    (dataProcess === undefined || summary.dataProcesses.includes(dataProcess)) &&
    (trigger === undefined || summary.triggerType === trigger) &&
    (status === undefined || summary.state === status);
  const live = runtime.liveExecutions().map(liveSummary).filter(wanted);
  const stored =
    status === "In Progress"
      ? []
      : await runtime.listExecutions({ dataProcess, triggerType: trigger, limit, where: status === undefined ? undefined : (record: ExecutionRecord) => finishedStatus(record) === status });
  const seen = new Set(live.map((summary) => summary.executionId));
  const executions = [...live, ...stored.filter((record) => !seen.has(record.executionId)).map((record) => recordSummary(record))]
    .sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt))
    .slice(0, limit);
  return { status: 200, body: { executions } };
}

export async function showExecution(runtime: LocalRuntime, executionId: string): Promise<ApiAnswer> {
  if (!isExecutionId(executionId)) return problem(404, [`"${executionId}" is not an execution id`]);
  const live = runtime.liveExecution(executionId);
  const [record, input] = live ? [undefined, live.input] : await Promise.all([runtime.getExecution(executionId), runtime.getExecutionInput(executionId)]);
  const view = executionView(live, record, input);
  return view ? { status: 200, body: view } : problem(404, [`no execution with id "${executionId}"`]);
}

function started(runtime: LocalRuntime, run: () => string): ApiAnswer {
  try {
    const executionId = run();
    return { status: 202, body: { executionId }, headers: { location: `/api/executions/${executionId}` } };
  } catch (error) {
    if (error instanceof ExecutorBusyError) {
      return { ...problem(503, [`${error.message}; retry after ${error.retryAfterSeconds} s`]), headers: { "retry-after": String(error.retryAfterSeconds) } };
    }
    throw error;
  }
}

export async function rerunExecution(runtime: LocalRuntime, executionId: string): Promise<ApiAnswer> {
  if (!isExecutionId(executionId)) return problem(404, [`"${executionId}" is not an execution id`]);
  const input = await runtime.getExecutionInput(executionId);
  if (!input) {
    const known = runtime.liveExecution(executionId) ?? (await runtime.getExecution(executionId));
    return known ? problem(409, [`execution "${executionId}" has no stored payload to run again`]) : problem(404, [`no execution with id "${executionId}"`]);
  }
  const unknown = input.dataProcesses.filter((name) => !runtime.hasDataProcess(name));
  if (unknown.length > 0) return problem(409, [`data process "${unknown.join('", "')}" is no longer configured`]);
  return started(runtime, () =>
    runtime.start({
      dataProcesses: input.dataProcesses,
      payload: payloadOf(input),
      triggerType: "Manual",
      triggerMetadata: { rerunOf: input.executionId, rerunOfTrigger: input.triggerType },
    }).executionId,
  );
}

export async function runManually(runtime: LocalRuntime, json: unknown): Promise<ApiAnswer> {
  const parsed = manualRunSchema.safeParse(json);
  if (!parsed.success) return invalid(parsed.error, "request");
  const { dataProcess, body } = parsed.data;
  if (!runtime.hasDataProcess(dataProcess)) {
    const known = runtime.dataProcesses().map((entry) => entry.name).join(", ") || "none";
    return problem(400, [`dataProcess: unknown data process "${dataProcess}" (configured: ${known})`]);
  }
  try {
    JSON.parse(body);
  } catch (error) {
    return problem(400, [`body: not valid JSON (${(error as Error).message})`]);
  }
  return started(runtime, () => {
    const executionId = crypto.randomUUID();
    return runtime.start({ dataProcesses: [dataProcess], payload: manualPayload(body, executionId), triggerType: "Manual", executionId }).executionId;
  });
}

export function listDataProcesses(runtime: LocalRuntime): ApiAnswer {
  return { status: 200, body: { dataProcesses: runtime.dataProcesses() } };
}

/** How long a request body may stop arriving before it is given up. */
const BODY_IDLE_MS = 30_000;

/** The request body as JSON, or an answer saying why not (read as the API route server reads bodies). */
export async function readJson(request: IncomingMessage, limitBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; answer: ApiAnswer }> {
  const body = await readBody(request, limitBytes, BODY_IDLE_MS);
  if (body.kind === "too-large") return { ok: false, answer: problem(413, [`request: larger than ${limitBytes} bytes`]) };
  if (body.kind !== "complete") return { ok: false, answer: problem(400, ["request: the body did not arrive"]) };
  try {
    return { ok: true, value: JSON.parse(body.bytes.toString("utf8")) };
  } catch (error) {
    return { ok: false, answer: problem(400, [`request: not valid JSON (${(error as Error).message})`]) };
  }
}
