/**
 * A stand-in logic isolate for tests: a `node:vm` context with LOC's web globals (Node's), a fake
 * `Deno.core` that records every host operation and answers it, and the Saffron script evaluated
 * in it as LOC does (a classic script defining the global `Saffron`).
 */
import vm from "node:vm";
import { saffronScript } from "../../runtime/isolate/saffron-script";
import { SYNC_OPS, type HostOpName, type RailwayErrorRecord, type TaskRecord } from "../../runtime/saffron/src/host-ops";

export type Saffron = typeof import("../../runtime/saffron/src/index");

export interface OpCall {
  name: string;
  args: unknown[];
}

/** Answers one operation; what it returns (or a promise of it) is the op's result. */
export type OpAnswer = (...args: never[]) => unknown;

export interface IsolateOptions {
  kind?: "generic" | "aggregator";
  answers?: Partial<Record<HostOpName, OpAnswer>>;
  /** The railway's state when the logic starts. */
  railwayError?: { name: string; message: string };
}

export interface Isolate {
  saffron: Saffron;
  /** Every operation called, in order; `Deno.core.close` / `tryClose` are recorded as op_close / op_try_close. */
  calls: OpCall[];
  callsOf(name: string): unknown[][];
  /** Evaluates a logic's classic script in the isolate. */
  evaluate(script: string): unknown;
  global: Record<string, unknown>;
}

export const TASK: TaskRecord = {
  taskKey: { executionId: "exec-1", taskId: "task-1" },
  startTimestamp: "2024-05-01T10:00:00.000Z",
  dataProcess: { permanentIdentity: "dp-1", revision: 2, name: "orders" },
  currentLogic: { permanentIdentity: "logic-1", revision: 3, name: "process-orders" },
  executedLogics: [],
};

const SYNC = new Set<string>(SYNC_OPS);

function defaultAnswers(railway: { error?: { name: string; message: string } }): Partial<Record<HostOpName, OpAnswer>> {
  const logicError = (): RailwayErrorRecord => ({ ...railway.error!, logicPermanentIdentity: "logic-1", logicRevision: 3 });
  return {
    op_fetch_task: () => structuredClone(TASK),
    op_fetch_payload: () => ({ http: { requestId: "req-1" } }),
    op_railway_is_ok: () => railway.error === undefined,
    op_railway_switch: (error: { name: string; message: string }) => {
      railway.error = error;
    },
    op_railway_get_error: logicError,
    op_log: () => undefined,
    op_result_agent_set: () => undefined,
    op_result_agent_set_http_status_code: () => undefined,
  };
}

export async function createIsolate(options: IsolateOptions = {}): Promise<Isolate> {
  const calls: OpCall[] = [];
  const railway = { error: options.railwayError };
  const answers = { ...defaultAnswers(railway), ...options.answers } as Record<string, OpAnswer | undefined>;
  const answer = (name: string, args: unknown[]): unknown => {
    calls.push({ name, args });
    const respond = answers[name];
    if (!respond) throw new Error(`test isolate: no answer for ${name}`);
    return (respond as (...args: unknown[]) => unknown)(...args);
  };
  const ops = new Proxy({} as Record<string, (...args: unknown[]) => unknown>, {
    get: (_, name) =>
      SYNC.has(String(name))
        ? (...args: unknown[]) => answer(String(name), args)
        : (...args: unknown[]) => Promise.resolve().then(() => answer(String(name), args)),
  });
  const encoder = new TextEncoder();
  const core = {
    ops,
    opAsync: (name: string, ...args: unknown[]) => ops[name]!(...args),
    encode: (text: string) => encoder.encode(text),
    decode: (bytes: Uint8Array) => new TextDecoder().decode(bytes),
    close: (rid: number) => void calls.push({ name: "op_close", args: [rid] }),
    tryClose: (rid: number) => void calls.push({ name: "op_try_close", args: [rid] }),
  };
  const global: Record<string, unknown> = {
    Deno: { core },
    Request,
    Response,
    Headers,
    ReadableStream,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    AbortSignal,
    Blob,
    DOMException,
    structuredClone,
    queueMicrotask,
  };
  const context = vm.createContext(global);
  vm.runInContext(await saffronScript(), context, { filename: "saffron.js" });
  const saffron = global.Saffron as Saffron;
  if (options.kind === "aggregator") saffron.aggregatorLogic();
  else saffron.genericLogic();
  return {
    saffron,
    calls,
    callsOf: (name) => calls.filter((call) => call.name === name).map((call) => call.args),
    evaluate: (script) => vm.runInContext(script, context, { filename: "logic.js" }),
    global,
  };
}
