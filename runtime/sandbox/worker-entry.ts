/**
 * A task's sandbox worker: runs the task's logics one at a time, each in its own vm context,
 * when the host says so. Synchronous operations, and those of the in-sandbox agents (whose
 * bytes must not cross threads), are answered here; the others go to the host.
 * The host terminates this worker on a timeout, which also stops a logic looping forever.
 */
import { parentPort, workerData } from "node:worker_threads";
import vm from "node:vm";
import type { HostOpName } from "../../sdk/src/host/ops";
import type { OpHandler } from "../agents/agent";
import { unavailableReason } from "../agents/availability";
import { inSandboxOps } from "../agents/in-sandbox";
import { createLogicContext } from "./logic-context";
import { HOST_OP_NAMES, SYNC_OP_NAMES } from "./op-names";
import type { ErrorRecord, HostToSandbox, SandboxLogic, SandboxToHost, SandboxWorkerData } from "./protocol";
import { explainMissingGlobal } from "./missing-globals";

const LOG_LEVELS = new Set(["trace", "debug", "info", "warn", "error"]);

/** op_log's record as LOC takes it (`{ level: "Info", message: { Plaintext } | { Json } }`), as level + text. */
function logRecordOf(arg: unknown): { level: string; text: string } {
  const record = arg as { level?: unknown; message?: { Plaintext?: unknown; Json?: unknown } } | undefined;
  const level = typeof record?.level === "string" ? record.level.toLowerCase() : "";
  const message = record?.message;
  if (!LOG_LEVELS.has(level) || !message || typeof message !== "object" || !("Plaintext" in message || "Json" in message)) {
    throw new TypeError("op_log expects { level: Trace|Debug|Info|Warn|Error, message: { Plaintext: string } | { Json: value } }");
  }
  if ("Plaintext" in message) return { level, text: String(message.Plaintext) };
  try {
    return { level, text: JSON.stringify(message.Json) ?? String(message.Json) };
  } catch {
    // A cyclic object or a bigint must not turn a log line into a failure.
    return { level, text: String(message.Json) };
  }
}

const port = parentPort;
if (!port) throw new Error("worker-entry runs as a worker thread only");
const data = workerData as SandboxWorkerData;
const sdkScript = new vm.Script(data.sdkScript, { filename: "@fstnetwork/loc-logic-sdk" });

let currentLogic = 0;
let nextOpId = 1;
const pendingOps = new Map<number, { resolve(value: unknown): void; reject(error: ErrorRecord): void }>();

function send(message: SandboxToHost): void {
  port!.postMessage(message);
}

const opsHere = inSandboxOps(data.inSandbox, {
  opened: (path) => send({ type: "tempFile", state: "opened", path }),
  done: (path) => send({ type: "tempFile", state: "done", path }),
});

function errorRecord(error: unknown): ErrorRecord {
  if (error !== null && typeof error === "object" && typeof (error as Error).message === "string") {
    const name = (error as Error).name;
    return { name: typeof name === "string" && name ? name : "Error", message: (error as Error).message };
  }
  return { name: "CustomError", message: String(error) };
}

function log(logic: number, level: string, message: string): void {
  send({ type: "syncOp", logic, name: "op_log", args: [{ level, message }] });
}

function jsonObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError("ResultAgent.finalize expects a JSON object");
  }
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`ResultAgent.finalize expects a JSON object: ${errorRecord(error).message}`);
  }
}

/** The synchronous operations: checked (and answered) here, recorded by the host in order. */
function callSync(index: number, logic: SandboxLogic, name: string, args: unknown[]): unknown {
  switch (name) {
    case "op_result_agent_set":
      send({ type: "syncOp", logic: index, name, args: [jsonObject(args[0])] });
      return undefined;
    case "op_result_agent_set_http_status_code": {
      const code = args[0];
      if (typeof code !== "number" || !Number.isInteger(code) || code < 100 || code > 599) {
        throw new RangeError(`ResultAgent.httpStatusCode expects an integer from 100 to 599, got ${String(code)}`);
      }
      send({ type: "syncOp", logic: index, name, args: [code] });
      return undefined;
    }
    case "op_log": {
      const { level, text } = logRecordOf(args[0]);
      log(index, level, text);
      return undefined;
    }
    case "op_logic_variable_get":
      if (typeof args[0] !== "string") throw new TypeError("LogicVariable.get expects a variable name");
      return Object.hasOwn(data.variables, args[0]) ? data.variables[args[0]] : null;
    default:
      throw new TypeError(`${name} is asynchronous: call it with Deno.core.opAsync (logic "${logic.name}")`);
  }
}

function callAsync(index: number, name: string, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = nextOpId++;
    try {
      send({ type: "op", id, logic: index, name: name as HostOpName, args });
    } catch (error) {
      // A value the structured clone cannot copy (a function, a class instance with private state…).
      reject({ name: "TypeError", message: `${name}: cannot pass this value to LOC (${errorRecord(error).message})` });
      return;
    }
    pendingOps.set(id, { resolve, reject });
  });
}

/** An in-sandbox agent's operation: the logic's own values go in, a fresh result comes out. */
async function answerHere(handler: OpHandler, logic: SandboxLogic, args: unknown[]): Promise<unknown> {
  const { name, kind, permanentIdentity, revision } = logic;
  try {
    return (await handler({ logic: { name, kind, permanentIdentity, revision } }, ...args)) ?? null;
  } catch (error) {
    throw errorRecord(error);
  }
}

function hostFor(index: number, logic: SandboxLogic) {
  const refusal = (name: string): ErrorRecord | undefined => {
    const reason = unavailableReason(name, logic.kind, logic.name);
    return reason ? { name: "Error", message: reason } : undefined;
  };
  const checkedSync = (name: string, args: unknown[]) => {
    const refused = refusal(name);
    if (refused) return { ok: false as const, error: refused };
    try {
      return { ok: true as const, value: callSync(index, logic, name, args) };
    } catch (error) {
      return { ok: false as const, error: errorRecord(error) };
    }
  };
  return {
    opNames: HOST_OP_NAMES,
    syncOpNames: [...SYNC_OP_NAMES],
    callSync: checkedSync,
    callAsync(name: string, args: unknown[]): Promise<unknown> {
      if (SYNC_OP_NAMES.has(name)) {
        const outcome = checkedSync(name, args);
        return outcome.ok ? Promise.resolve(outcome.value) : Promise.reject(outcome.error);
      }
      const refused = refusal(name);
      if (refused) return Promise.reject(refused);
      const here = opsHere[name as HostOpName];
      return here ? answerHere(here, logic, args) : callAsync(index, name, args);
    },
    log: (level: string, message: string) => log(index, level, message),
    uncaught: (where: string, error: unknown) => {
      const { name, message } = explainMissingGlobal(errorRecord(error), logic.name);
      log(index, "error", `uncaught error in ${where}: ${name}: ${message}`);
    },
  };
}

interface SdkExports {
  __runLogic(kind: string, module: unknown): Promise<void>;
}

async function runLogic(index: number): Promise<void> {
  currentLogic = index;
  const logic = data.logics[index]!;
  const sandbox = createLogicContext(hostFor(index, logic));
  let failure: Extract<SandboxToHost, { type: "done" }>["failure"];
  try {
    const sdk = sdkScript.runInContext(sandbox.context) as SdkExports;
    let module: unknown;
    try {
      module = new vm.Script(logic.script, { filename: logic.filename }).runInContext(sandbox.context);
    } catch (error) {
      failure = { phase: "load", error: errorRecord(error) };
    }
    if (!failure) await sdk.__runLogic(logic.kind, module);
  } catch (error) {
    failure = { phase: "logic", error: errorRecord(error) };
  } finally {
    sandbox.dispose();
  }
  send({ type: "done", logic: index, failure });
}

port.on("message", (message: HostToSandbox) => {
  if (message.type === "run") {
    void runLogic(message.logic);
    return;
  }
  const pending = pendingOps.get(message.id);
  if (!pending) return;
  pendingOps.delete(message.id);
  if (message.ok) pending.resolve(message.value);
  else pending.reject(message.error);
});

// Logic code that lets a promise reject unobserved, or throws from a host callback, must not
// kill the worker (and with it the task): it is the logic's error, logged under its name.
process.on("unhandledRejection", (reason) => {
  const logic = data.logics[currentLogic];
  const { name, message } = explainMissingGlobal(errorRecord(reason), logic?.name ?? "?");
  log(currentLogic, "error", `unhandled promise rejection: ${name}: ${message}`);
});
process.on("uncaughtException", (error) => {
  const logic = data.logics[currentLogic];
  const { name, message } = explainMissingGlobal(errorRecord(error), logic?.name ?? "?");
  log(currentLogic, "error", `uncaught error: ${name}: ${message}`);
});
