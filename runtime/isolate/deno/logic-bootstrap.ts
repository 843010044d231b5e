/**
 * A logic worker's first code (a Deno Worker with no permissions), run ahead of need: it
 * captures what it needs to talk to the host, leaves LOC's globals only, installs `Deno.core`
 * over the host operations and evaluates `Saffron` (its source is prepended to this module as
 * `LOC_SAFFRON`). When its run arrives it loads the logic as LOC does: `Saffron.genericLogic()`
 * or `aggregatorLogic()`, evaluate the logic's classic script, `await Saffron.runtime.run()`.
 *
 * After the run the realm is reset (the run's added globals and global listeners removed, the
 * performance timeline cleared) and compared with its state before the first run
 * (./realm-snapshot): only if nothing else changed may the host give the isolate another logic;
 * otherwise it is terminated. Either way every logic starts from the same clean realm.
 */
import { decodeFrame, encodeFrame, type EncodeOptions } from "../wire";
import { COPY_RECEIVED_MAX_BYTES, GC_GLOBAL, MAJOR_COLLECT_AFTER_RUN_BYTES, WORKER_COLLECT_AFTER_BYTES, STREAM_CHUNK_BYTES, STREAM_FRAME_SLACK_BYTES, STREAM_MIN_BYTES, STREAMED_OPS, WORKER_SCRIPTS, type ErrorRecord, type FromLogic, type LogicRun, type ToLogic } from "../protocol";
import type { DenoCore } from "../../saffron/src/deno-core";
import { LOC_GLOBALS } from "./loc-globals";
import { captureRealm, realmUnchanged, removeAddedGlobals, type CleanRealm } from "./realm-snapshot";

declare const LOC_SAFFRON: string;

const scope = globalThis as unknown as Record<string, unknown> & {
  addEventListener(type: string, listener: (event: Event) => void): void;
};
const addEventListener = scope.addEventListener.bind(scope);
/** The line to the frame router, given by the host as this worker's first message. */
let port: MessagePort | undefined;
const indirectEval = globalThis.eval;
/** V8's collector (../protocol GC_GLOBAL); the global goes with the others before any logic runs. */
const collectGarbage = scope[GC_GLOBAL] as ((options: { type: "minor" | "major" }) => void) | undefined;
/** Bytes received since the last young-generation collection. */
let receivedBytes = 0;
/** Bytes received and streamed out during the current run. */
let runBytes = 0;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const { defineProperty, freeze, getOwnPropertyNames, getPrototypeOf, hasOwn } = Object;
const ERROR_TYPES: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

// Typed as the web's timers (numeric ids): this runs in Deno, not Node.
type Timer = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => number;
const nativeSetTimeout = setTimeout as unknown as Timer;
const NativeMessageChannel = MessageChannel;
const nativeClearTimeout = clearTimeout as (id?: number) => void;
const nativeSetInterval = setInterval as unknown as Timer;
const nativeClearInterval = clearInterval as (id?: number) => void;
/** Timers the logic set and that have not fired (or been cleared): work its event loop still holds. */
const activeTimers = new Set<number>();

let workerId = 0;
let run: LogicRun | undefined;
let nextOpId = 1;
const pendingOps = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void; streams: number[] }>();
/**
 * Small response bodies that came whole with their head (../protocol `whole`), by resource id:
 * what is left to read of each. op_read of one is answered here, a turn of the event loop later
 * like any operation's; op_close and op_try_close still go to the host, which holds the resource.
 */
const wholeBodies = new Map<number, Uint8Array>();
/** Reads answered here that have not settled yet: work the run still has, as pending operations are. */
let localReads = 0;


/**
 * The realm check's verdict is sent without calling anything a logic can replace, so that a logic
 * whose realm failed the check cannot turn "not reusable" into "reusable" on the way out (by
 * replacing `ArrayBuffer[Symbol.hasInstance]`, `TextEncoder.prototype.encode`, the port's
 * `postMessage`…): its two frames are encoded now, before any logic ran, and posted as copies (no
 * transfer list) with the port's method as it is now.
 */
const { apply } = Reflect;
const postToPort = MessagePort.prototype.postMessage;
const VERDICT_FRAMES = [encodeFrame(0, { t: "clean", reusable: false } satisfies FromLogic), encodeFrame(0, { t: "clean", reusable: true } satisfies FromLogic)];

function sendVerdict(reusable: boolean): void {
  if (port) apply(postToPort, port, [VERDICT_FRAMES[reusable ? 1 : 0]]);
}

function send(message: FromLogic, options?: EncodeOptions): void {
  if (!port) throw new Error("this isolate is not connected to the host yet");
  const frame = encodeFrame(workerId, message, options);
  // The captured method: a logic that replaced the port's `postMessage` must not get hold of the port.
  apply(postToPort, port, [frame, [frame.buffer]]);
}

/**
 * Streamed bytes (../protocol STREAMED_OPS): a large byte argument leaves in chunks, each one sent
 * when the host asks for it, sliced from the logic's own array as it goes (LOC's operations take
 * the logic's buffer, not a copy of it, too). Each chunk is copied once, into a frame buffer that
 * the frame router hands back once it wrote it out: the same few buffers carry the whole stream,
 * and none is left for the garbage collector to find. Buffers not needed any more are released at
 * once (detached), not when a collection happens to run.
 */
interface OutgoingStream {
  bytes: Uint8Array;
  byteLength: number;
  sent: number;
  /** Chunks the host asked for and has not been sent yet. */
  asked: number;
}
const outgoing = new Map<number, OutgoingStream>();
let nextStreamId = 1;
/** Frame buffers back from the router, for the next chunks. */
const framePool: ArrayBuffer[] = [];
const FRAME_BUFFER_BYTES = STREAM_CHUNK_BYTES + STREAM_FRAME_SLACK_BYTES;
const detachBuffer = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer, length: number) => ArrayBuffer }).transfer;
const NativeUint8Array = Uint8Array;
const { isInteger } = Number;
const NativeArrayBuffer = ArrayBuffer;

/** Frees a buffer of ours now (V8 drops a detached buffer's memory at once). */
function releaseBuffer(buffer: ArrayBuffer): void {
  try {
    detachBuffer?.call(buffer, 0);
  } catch {
    // already detached, or not ours to detach: the collector frees it
  }
}

/**
 * After a run that moved large data (a download, a file written), a full collection once the
 * isolate is idle: the logic's buffers are dead, but an idle isolate allocates nothing, so V8
 * would leave them resident — a 128 MiB download kept its 128 MiB until the isolate's next logic.
 * Its timer is set after the realm check's: it runs once the verdict is out (unless the check
 * waits a turn for removed listeners), off the task's critical path.
 */
function collectAfterLargeRun(): void {
  if (runBytes < MAJOR_COLLECT_AFTER_RUN_BYTES || !collectGarbage) return;
  nativeSetTimeout(() => collectGarbage({ type: "major" }), 0);
}

/** A received byte array's own copy (young, so a young-generation collection frees it). */
function copyOf(view: Uint8Array): Uint8Array {
  const copy = new NativeUint8Array(view.byteLength);
  copy.set(view);
  return copy;
}

function pooledFrame(byteLength: number): Uint8Array {
  if (byteLength > FRAME_BUFFER_BYTES) return new NativeUint8Array(byteLength);
  return new NativeUint8Array(framePool.pop() ?? new NativeArrayBuffer(FRAME_BUFFER_BYTES));
}

function recycled(buffer: ArrayBuffer): void {
  // Kept while a stream may want it (one per chunk in flight), released otherwise.
  if (outgoing.size > 0 && framePool.length < 4 && buffer.byteLength === FRAME_BUFFER_BYTES) framePool.push(buffer);
  else releaseBuffer(buffer);
}

function openStream(bytes: Uint8Array): number {
  const id = nextStreamId++;
  outgoing.set(id, { bytes, byteLength: bytes.byteLength, sent: 0, asked: 0 });
  return id;
}

function closeStreams(ids: readonly number[]): void {
  for (const id of ids) outgoing.delete(id);
  if (outgoing.size === 0) for (const buffer of framePool.splice(0)) releaseBuffer(buffer);
}

function pump(id: number): void {
  const stream = outgoing.get(id);
  if (!stream || !port) return;
  while (stream.asked > 0 && stream.sent < stream.byteLength) {
    const length = Math.min(STREAM_CHUNK_BYTES, stream.byteLength - stream.sent);
    let chunk: Uint8Array;
    try {
      // A detached (or shrunk) array answers a smaller length, and a view over it cannot be made.
      if (stream.bytes.byteLength !== stream.byteLength) throw new TypeError("detached");
      chunk = new NativeUint8Array(stream.bytes.buffer, stream.bytes.byteOffset + stream.sent, length);
    } catch {
      outgoing.delete(id);
      const error = { name: "TypeError", message: "the bytes were detached or resized while they were being written" };
      send({ t: "chunk", s: id, error });
      return;
    }
    const frame = encodeFrame(workerId, { t: "chunk", s: id, b: chunk } satisfies FromLogic, { allocate: pooledFrame });
    // The port's method as captured before any logic ran (see sendVerdict).
    apply(postToPort, port, [{ recycle: frame }, [frame.buffer]]);
    stream.sent += length;
    stream.asked--;
    runBytes += length;
  }
  if (stream.sent === stream.byteLength) outgoing.delete(id);
}

function errorRecord(error: unknown): ErrorRecord {
  if (error !== null && typeof error === "object" && typeof (error as Error).message === "string") {
    const name = (error as Error).name;
    return { name: typeof name === "string" && name ? name : "Error", message: (error as Error).message };
  }
  return { name: "CustomError", message: String(error) };
}

function toError(record: ErrorRecord): Error {
  const error = new (ERROR_TYPES[record.name] ?? Error)(record.message);
  if (error.name !== record.name) defineProperty(error, "name", { value: record.name, writable: true, configurable: true });
  return error;
}

const GENERIC_ONLY: Record<string, string> = {
  op_local_storage_agent_get: "LocalStorageAgent",
  op_local_storage_agent_put: "LocalStorageAgent",
  op_local_storage_agent_delete: "LocalStorageAgent",
};

/**
 * On LOC a generic logic has no result operations and Saffron's `ops[name]?.(…)` does nothing;
 * here it does nothing too, but says so.
 */
function warnedResultInGeneric(): boolean {
  const current = running();
  if (current.kind !== "generic") return false;
  const text = `ResultAgent is only available in aggregator logic: this call does nothing (logic "${current.name}")`;
  recordSync("op_log", [{ level: "Warn", message: { Plaintext: text } }]);
  return true;
}
const LOG_LEVELS = new Set(["Trace", "Debug", "Info", "Warn", "Error"]);
const ASYNC_OPS = [
  "op_fetch_payload", "op_railway_is_ok", "op_railway_switch", "op_railway_get_error",
  "op_session_storage_agent_get", "op_session_storage_agent_put", "op_session_storage_agent_delete",
  "op_local_storage_agent_get", "op_local_storage_agent_put", "op_local_storage_agent_delete",
  "op_http_agent_acquire", "op_http_agent_prepare", "op_http_agent_send", "op_read", "op_close", "op_try_close",
  "op_file_storage_agent_acquire", "op_file_storage_agent_simple_get", "op_file_storage_agent_simple_put",
  "op_file_storage_agent_delete", "op_file_storage_agent_list", "op_file_storage_agent_create_dir_all",
  "op_event_agent_emit", "op_event_agent_search", "op_event_agent_search_with_pattern",
  "op_database_agent_acquire", "op_database_agent_query", "op_database_agent_execute", "op_database_agent_release",
  "op_database_agent_begin_transaction", "op_database_agent_commit_transaction", "op_database_agent_rollback_transaction",
  "op_mail_agent_acquire", "op_mail_agent_send",
];

function opAsync(name: unknown, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const op = String(name);
    if (!ASYNC_OPS.includes(op)) {
      reject(new TypeError(`${op} is not an asynchronous LOC operation`));
      return;
    }
    if (op === "op_read" && wholeBodies.has(args[0] as number) && isInteger(args[1]) && (args[1] as number) > 0) {
      readWholeBody(args[0] as number, args[1] as number).then(resolve, reject);
      return;
    }
    if (op === "op_close" || op === "op_try_close") wholeBodies.delete(args[0] as number);
    const agent = GENERIC_ONLY[op];
    if (agent && run?.kind === "aggregator") {
      reject(new Error(`${agent} is only available in generic logic (logic "${run.name}")`));
      return;
    }
    const id = nextOpId++;
    const streams: number[] = [];
    const options: EncodeOptions | undefined = STREAMED_OPS.has(op)
      ? { streams: { minBytes: STREAM_MIN_BYTES, open: (bytes) => {
          const stream = openStream(bytes);
          streams.push(stream);
          return stream;
        } } }
      : undefined;
    try {
      send({ t: "op", id, name: op, args }, options);
    } catch (error) {
      closeStreams(streams);
      reject(new TypeError(`${op}: this value cannot be passed to LOC (${errorRecord(error).message})`));
      return;
    }
    pendingOps.set(id, { resolve, reject, streams });
  });
}

/** At most `limit` bytes of a whole body (a fresh array), an empty one at its end. */
async function readWholeBody(rid: number, limit: number): Promise<Uint8Array> {
  localReads++;
  try {
    await nextTurn();
    const left = wholeBodies.get(rid);
    // Closed meanwhile: the host says so, as it would have.
    if (left === undefined) return (await opAsync("op_read", rid, limit)) as Uint8Array;
    if (left.byteLength <= limit) {
      wholeBodies.set(rid, new NativeUint8Array(0));
      return left;
    }
    wholeBodies.set(rid, left.slice(limit));
    return left.slice(0, limit);
  } finally {
    localReads--;
  }
}

/** A synchronous operation the host records in order; its checks throw here, at the call. */
function recordSync(name: string, args: unknown[]): void {
  try {
    send({ t: "sync", name, args });
  } catch (error) {
    throw new TypeError(`${name}: this value cannot be passed to LOC (${errorRecord(error).message})`);
  }
}

function running(): LogicRun {
  if (!run) throw new Error("no logic is running in this isolate yet");
  return run;
}

function createCore(): DenoCore {
  const ops: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of ASYNC_OPS) ops[name] = (...args: unknown[]) => opAsync(name, ...args);
  ops.op_fetch_task = () => structuredClone(running().task);
  ops.op_logic_variable_get = (name: unknown) => {
    if (typeof name !== "string") throw new TypeError("op_logic_variable_get expects a variable name");
    const { variables } = running();
    return hasOwn(variables, name) ? variables[name] : null;
  };
  ops.op_log = (record: unknown) => {
    const { level, message } = (record ?? {}) as { level?: unknown; message?: Record<string, unknown> };
    const shaped = message !== null && typeof message === "object" && (typeof message.Plaintext === "string" || hasOwn(message, "Json"));
    if (typeof level !== "string" || !LOG_LEVELS.has(level) || !shaped) {
      throw new TypeError("op_log expects { level: Trace|Debug|Info|Warn|Error, message: { Plaintext: string } | { Json: value } }");
    }
    recordSync("op_log", [record]);
  };
  ops.op_result_agent_set = (value: unknown) => {
    if (warnedResultInGeneric()) return;
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new TypeError("ResultAgent.finalize expects a JSON object");
    recordSync("op_result_agent_set", [value]);
  };
  ops.op_result_agent_set_http_status_code = (code: unknown) => {
    if (warnedResultInGeneric()) return;
    if (typeof code !== "number" || !Number.isInteger(code) || code < 100 || code > 599) {
      throw new RangeError(`ResultAgent.httpStatusCode expects an integer from 100 to 599, got ${String(code)}`);
    }
    recordSync("op_result_agent_set_http_status_code", [code]);
  };
  return freeze({
    ops: freeze(ops),
    opAsync,
    encode: (text: string) => encoder.encode(String(text)),
    decode: (bytes: Uint8Array) => decoder.decode(bytes),
    async read(rid: number, buffer: Uint8Array) {
      const bytes = (await opAsync("op_read", rid, buffer.byteLength)) as Uint8Array;
      buffer.set(bytes);
      return bytes.byteLength;
    },
    close: (rid: number) => void opAsync("op_close", rid).catch(() => undefined),
    tryClose: (rid: number) => void opAsync("op_try_close", rid).catch(() => undefined),
  }) as unknown as DenoCore;
}

function consoleFor(): Record<string, (...args: unknown[]) => void> {
  const at = (level: string) => (...args: unknown[]) => {
    const text = args.map((arg) => (typeof arg === "string" ? arg : safeInspect(arg))).join(" ");
    try {
      send({ t: "console", level, text });
    } catch {
      // console output is best effort
    }
  };
  return { log: at("info"), info: at("info"), debug: at("debug"), trace: at("debug"), warn: at("warn"), error: at("error"), dir: at("info") };
}

function safeInspect(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The timer globals, counting what is pending so the run can end when the logic's work does. */
function countedTimers(): Record<string, unknown> {
  type Callback = (...args: unknown[]) => void;
  const wrap = (callback: unknown, id: () => number, once: boolean): Callback => {
    if (typeof callback !== "function") throw new TypeError("the timer callback must be a function");
    return (...args: unknown[]) => {
      if (once) activeTimers.delete(id());
      (callback as Callback)(...args);
    };
  };
  return {
    setTimeout(callback: unknown, delay?: number, ...args: unknown[]) {
      let id = 0;
      id = nativeSetTimeout(wrap(callback, () => id, true), delay, ...args);
      activeTimers.add(id);
      return id;
    },
    setInterval(callback: unknown, delay?: number, ...args: unknown[]) {
      let id = 0;
      id = nativeSetInterval(wrap(callback, () => id, false), delay, ...args);
      activeTimers.add(id);
      return id;
    },
    clearTimeout(id?: number) {
      if (id !== undefined) activeTimers.delete(id);
      nativeClearTimeout(id);
    },
    clearInterval(id?: number) {
      if (id !== undefined) activeTimers.delete(id);
      nativeClearInterval(id);
    },
  };
}

type Listener = Parameters<typeof addEventListener>[1];
/** Listeners a logic put on the global object: its own, removed after its run. */
const globalListeners: Array<[string, Listener, boolean]> = [];
const removeGlobalListener = (scope.removeEventListener as (type: string, listener: Listener, options?: unknown) => void).bind(scope);

function trackedGlobalListeners(): Record<string, unknown> {
  const add = (scope.addEventListener as (type: string, listener: Listener, options?: unknown) => void).bind(scope);
  return {
    addEventListener(type: string, listener: Listener, options?: unknown) {
      // Its capture flag, read now: removing it after the run calls none of the logic's getters.
      const capture = typeof options === "boolean" ? options : options !== null && typeof options === "object" && Boolean((options as { capture?: unknown }).capture);
      globalListeners.push([String(type), listener, capture]);
      add(type, listener, options);
    },
    removeEventListener(type: string, listener: Listener, options?: unknown) {
      removeGlobalListener(type, listener, options);
    },
  };
}

/**
 * LOC runs the isolate's event loop after `run`: timers and operations the logic started without
 * awaiting them still complete (the SDK's own FileReader test relies on it). So the run ends once
 * no timer and no operation is pending for two turns of the loop — or at the execution's timeout.
 */
async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    await nextTurn();
    quiet = pendingOps.size === 0 && localReads === 0 && activeTimers.size === 0 ? quiet + 1 : 0;
  }
}

/** One turn of the event loop, without a timer's minimum delay (a message to ourselves). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new NativeMessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Leaves LOC's globals only: own properties removed, the worker's prototype chain cut off. */
function lockDownGlobals(core: DenoCore): void {
  const loggingConsole = consoleFor();
  for (const name of getOwnPropertyNames(globalThis)) {
    if (LOC_GLOBALS.has(name)) continue;
    try {
      delete scope[name];
    } catch {
      // Non-configurable: nothing of Deno's is; a built-in we did not list stays.
    }
  }
  // The worker scope's own prototypes (postMessage, close, onmessage, navigator…) go too; the
  // EventTarget methods under them stay: Deno delivers the host's messages through them.
  for (let proto = getPrototypeOf(globalThis); proto && proto !== EventTarget.prototype && proto !== Object.prototype; proto = getPrototypeOf(proto)) {
    for (const name of getOwnPropertyNames(proto)) {
      if (name === "constructor") continue;
      try {
        delete (proto as Record<string, unknown>)[name];
      } catch {
        // as above
      }
    }
  }
  defineProperty(globalThis, "console", { value: freeze(loggingConsole), writable: true, configurable: true });
  for (const [name, value] of Object.entries({ ...countedTimers(), ...trackedGlobalListeners() })) {
    defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
  }
  defineProperty(globalThis, "Deno", { value: freeze({ core }), writable: false, configurable: false });
}

interface SaffronGlobal {
  genericLogic(): void;
  aggregatorLogic(): void;
  runtime: { run(): Promise<void> };
}

let saffron: SaffronGlobal | undefined;
let prepareFailure: ErrorRecord | undefined;
/** The realm as every logic must find it; undefined when it could not be taken (no reuse then). */
let cleanRealm: CleanRealm | undefined;
/** Saffron's Runtime class, reachable by a logic through `Saffron.runtime`, never through a global. */
let runtimePrototype: object = Object.prototype;

/**
 * Saffron as a plain object: the bundle exposes its exports through getters, which hide the agent
 * objects from the realm snapshot (it never calls a getter). `runtime` stays live.
 */
function plainSaffron(live: SaffronGlobal): SaffronGlobal {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(live)) {
    if (key === "runtime") defineProperty(plain, key, { get: () => live.runtime, enumerable: true });
    else plain[key] = (live as unknown as Record<string, unknown>)[key];
  }
  return plain as unknown as SaffronGlobal;
}

/** Everything a logic does not change: done before the run is known, off its critical path. */
function prepare(): void {
  try {
    lockDownGlobals(createCore());
    indirectEval(`${LOC_SAFFRON}\n//# sourceURL=saffron.js`);
    saffron = plainSaffron(scope.Saffron as SaffronGlobal);
    scope.Saffron = saffron;
    // Deno re-adds its queueMicrotask wrapper on first use (to capture V8's): do it before the snapshot.
    queueMicrotask(() => undefined);
    saffron.genericLogic();
    runtimePrototype = getPrototypeOf(saffron.runtime) as object;
    cleanRealm = captureRealm([globalThis, runtimePrototype]);
  } catch (error) {
    prepareFailure = errorRecord(error);
  }
}

/** The logic scripts this worker holds (../script-ids), each as evaluated: with its sourceURL. */
const scripts = new Map<number, string>();

function scriptOf(current: LogicRun): string | undefined {
  if (current.script !== undefined) {
    scripts.set(current.scriptId, `${current.script}\n//# sourceURL=${current.filename}`);
    if (scripts.size > WORKER_SCRIPTS) scripts.delete(scripts.keys().next().value!);
  }
  return scripts.get(current.scriptId);
}

async function start(current: LogicRun): Promise<void> {
  run = current;
  runBytes = 0;
  wholeBodies.clear();
  // Kept first, whatever happens to this run: the host counts on this worker holding it now.
  const source = scriptOf(current);
  if (!saffron) {
    send({ t: "done", failure: { phase: "load", error: prepareFailure ?? { name: "Error", message: "Saffron is missing" } } });
    return;
  }
  if (current.kind === "generic") saffron.genericLogic();
  else saffron.aggregatorLogic();
  if (source === undefined) {
    send({ t: "done", failure: { phase: "load", error: { name: "Error", message: `the script of logic "${current.name}" did not reach its isolate` } } });
    return;
  }
  try {
    indirectEval(source);
  } catch (error) {
    send({ t: "done", failure: { phase: "load", error: errorRecord(error) } });
    return;
  }
  warnIfNotAdopted(current);
  try {
    await saffron.runtime.run();
    await settle();
    send({ t: "done" });
    // The verdict comes after the outcome: checking the realm is off the task's critical path. It
    // starts from a timer of the runtime's own (captured before any logic ran): no microtask of
    // the logic's is left to run between the check and the verdict.
    nativeSetTimeout(resetRealm, 0);
    collectAfterLargeRun();
  } catch (error) {
    send({ t: "done", failure: { phase: "logic", error: errorRecord(error) } });
  }
}

/**
 * Undoes what a run may add (its globals, its global listeners), then checks the realm
 * (checkRealm) and sends the verdict. Removing globals calls nothing a logic can replace; removing
 * listeners may (a listener object's getters…), so then the check waits one more turn of the event
 * loop: whatever logic code that ran, and the microtasks it queued, have run BEFORE the check,
 * which sees what they did.
 */
function resetRealm(): void {
  let removed = false;
  const listeners = globalListeners.length > 0;
  try {
    for (let index = 0; index < globalListeners.length; index++) {
      const entry = globalListeners[index]!;
      removeGlobalListener(entry[0], entry[1], { __proto__: null, capture: entry[2] });
    }
    globalListeners.length = 0;
    removed = cleanRealm !== undefined && removeAddedGlobals(cleanRealm);
  } catch {
    removed = false;
  }
  if (!listeners) sendVerdict(removed && checkRealm());
  else nativeSetTimeout(() => sendVerdict(removed && checkRealm()), 0);
}

/**
 * Whether the realm is exactly as before the first run (./realm-snapshot) and nothing of the run
 * is pending; only then is the isolate free for another logic. The check itself calls nothing a
 * logic can replace; once it passed, nothing in the realm is the logic's any more, and the rest
 * may use the built-ins freely.
 */
function checkRealm(): boolean {
  try {
    if (!cleanRealm || !realmUnchanged(cleanRealm)) return false;
    if (pendingOps.size > 0 || localReads > 0 || activeTimers.size > 0) return false;
    wholeBodies.clear();
    performance.clearMarks();
    performance.clearMeasures();
    run = undefined;
    return true;
  } catch {
    return false;
  }
}

/** LOC runs a function-form logic silently not at all when its arities are off: say so locally. */
function warnIfNotAdopted(current: LogicRun): void {
  const run = scope.run;
  const handleError = scope.handleError;
  if (typeof run !== "function") return;
  if (run.length === 1 && typeof handleError === "function" && handleError.length === 2) return;
  const arity = typeof handleError === "function" ? `handleError takes ${handleError.length}` : "there is no handleError";
  const text = `logic "${current.name}": run takes ${run.length} parameter(s) and ${arity}; LOC adopts the function form only when run takes 1 (ctx) and handleError 2 (ctx, error), so nothing runs unless a @Logic() class registered itself`;
  send({ t: "sync", name: "op_log", args: [{ level: "Warn", message: { Plaintext: text } }] });
}

function reportUncaught(where: string, error: unknown): void {
  const { name, message } = errorRecord(error);
  try {
    send({ t: "sync", name: "op_log", args: [{ level: "Error", message: { Plaintext: `${where}: ${name}: ${message}` } }] });
  } catch {
    // nothing more can be said
  }
}

addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  reportUncaught("unhandled promise rejection", (event as PromiseRejectionEvent).reason);
});
addEventListener("error", (event) => {
  event.preventDefault();
  reportUncaught("uncaught error", (event as ErrorEvent).error ?? (event as ErrorEvent).message);
});
function receive(event: MessageEvent<Uint8Array | { recycled: ArrayBuffer }>): void {
  const data = event.data;
  if (!(data instanceof NativeUint8Array)) {
    if (data?.recycled instanceof NativeArrayBuffer) recycled(data.recycled);
    return;
  }
  receivedBytes += data.byteLength;
  runBytes += data.byteLength;
  if (receivedBytes >= WORKER_COLLECT_AFTER_BYTES) {
    receivedBytes = 0;
    // The bytes received before these (a download's earlier chunks) are copied away by now, or kept
    // by the logic: a young-generation collection frees the former (it takes well under a millisecond).
    collectGarbage?.({ type: "minor" });
  }
  let message: ToLogic;
  let keepsFrame = false;
  try {
    message = decodeFrame(data, { bytes: (view) => (view.byteLength > COPY_RECEIVED_MAX_BYTES ? ((keepsFrame = true), view) : copyOf(view)) }).value as ToLogic;
  } catch {
    return;
  }
  // Nothing refers to the frame any more: its memory goes now, not at the next full collection.
  if (!keepsFrame) releaseBuffer(data.buffer as ArrayBuffer);
  if (message.t === "pull") {
    const stream = outgoing.get(message.s);
    if (stream && Number.isInteger(message.n) && message.n > 0) {
      stream.asked += message.n;
      pump(message.s);
    }
    return;
  }
  if (message.t === "run") {
    if (run) return;
    workerId = message.run.w;
    if (!Number.isInteger(workerId)) return;
    void start(message.run).catch((error: unknown) => send({ t: "done", failure: { phase: "load", error: errorRecord(error) } }));
    return;
  }
  const pending = pendingOps.get(message.id);
  if (!pending) return;
  pendingOps.delete(message.id);
  // Whatever the host did not read of the operation's streams, it will not ask for any more.
  if (pending.streams.length > 0) closeStreams(pending.streams);
  if (message.ok && message.whole && run) wholeBodies.set(message.whole.rid, message.whole.bytes);
  if (message.ok) pending.resolve(message.value);
  else pending.reject(toError(message.error));
}

addEventListener("message", (event) => {
  const data = (event as MessageEvent<unknown>).data;
  if (port || !(data instanceof MessagePort)) return;
  port = data;
  port.onmessage = receive;
});

prepare();
