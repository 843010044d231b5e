/**
 * The local LOC runtime: what the triggers (manual CLI, API route, Kafka, schedule) execute
 * data processes through (runtime/contract.ts).
 */
import { randomUUID } from "node:crypto";
import { basename, extname, resolve } from "node:path";
import type { ExecuteRequest, ExecutionRecord, Executor, StartedExecution } from "../contract";
import type { RuntimeConfig } from "../config/schema";
import { settleConfig } from "../config/load";
import { AGENTS } from "../agents";
import type { LogSink } from "../agents/logging";
import { secretsOf } from "../agents/logic-variable";
import { ExecutionStore, isExecutionId, type ExecutionFilter } from "../stores/execution-store";
import { storedInputOf, type StoredInput } from "../stores/stored-input";
import { redactText, redactValue } from "../redact";
import { removeStaleTempFiles } from "../stores/stale-temp-files";
import { lockStateDir } from "../stores/state-lock";
import { DenoIsolates } from "../isolate/deno-isolates";
import { saffronScript } from "../isolate/saffron-script";
import { logicFilesOf, prepareDataProcess, type PreparedDataProcess } from "./data-process";
import { defaultMaxRunning, ExecutionSlots } from "./execution-slots";
import { LogicLoadError, LogicScripts } from "./prepare-logic";
import { runExecution } from "./run-execution";
import { LiveExecutions, type ActivityListener, type LiveExecution } from "./live-executions";

export interface RuntimeOptions {
  /** Overrides the configuration's `stateDir`. */
  stateDir?: string;
  /** For `env:` references still in the configuration (when it did not come from loadConfig). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Receives every log entry (already redacted) as it is written. */
  onLog?: LogSink;
  /** Epoch milliseconds; local storage timeouts are measured with it. */
  now?: () => number;
  /** Receives logic `console` output (LOC keeps it out of the execution's logs); default: stderr. */
  onConsole?: (line: string) => void;
}

export interface LocalRuntime extends Executor {
  /** Resolves once every logic is loaded (built, for TypeScript sources); rejects naming the one that failed. */
  readonly ready: Promise<void>;
  readonly stateDir: string;
  /** Executions running and waiting for a slot now. */
  executionCounts(): { running: number; queued: number };
  /** Logic isolates started, and logics that ran in a reused (reset and checked) one. */
  isolateStats(): { started: number; reused: number };
  /**
   * Loads (builds) the given logic files again — default: every configured one — and swaps the
   * data processes using them only when every one loaded; else the old code stays. Executions
   * already running keep the code they started with. Reloads run one at a time.
   */
  reloadLogics(files?: string[]): Promise<LogicReload>;
  /** Each configured logic file with the files it was made from (a bundle's imports); `[]` when it did not load. */
  logicInputs(): Promise<Map<string, string[]>>;
  /** What started an execution (data processes, trigger, payload; redacted), while it runs and after. */
  getExecutionInput(executionId: string): Promise<StoredInput | undefined>;
  /** Stored executions, newest first (running ones are `liveExecutions`). */
  listExecutions(filter?: ExecutionFilter): Promise<ExecutionRecord[]>;
  /** Executions waiting, running, or finished with their record not stored yet. */
  liveExecutions(): LiveExecution[];
  liveExecution(executionId: string): LiveExecution | undefined;
  /** Every start, log line, step and finish; returns the unsubscribe function. */
  onActivity(listener: ActivityListener): () => void;
  /** The configured data processes and their logics' names, in order. */
  dataProcesses(): Array<{ name: string; logics: string[] }>;
}

export interface LogicReload {
  reloaded: string[];
  failed: Array<{ file: string; message: string }>;
}

/**
 * Creates the runtime at once; logics load in the background (`ready`). An execution started
 * before they are loaded waits for them; if one cannot be loaded, the tasks of its data
 * process end with 500 and a `LogicLoadError`. Use `startRuntime` to fail at start instead.
 */
export function createRuntime(rawConfig: RuntimeConfig, options: RuntimeOptions = {}): LocalRuntime {
  // A configuration from loadConfig is settled already; one built in code is anchored at the working directory.
  const config = settleConfig(rawConfig, { baseDir: process.cwd(), source: "config", env: options.env });
  const stateDir = resolve(options.stateDir ?? config.stateDir);
  const store = new ExecutionStore(stateDir, config.executionRetentionHours * 3600_000);
  const secrets = secretsOf(config);
  const agents = AGENTS.map((factory) => factory({ config, stateDir, now: options.now ?? Date.now }));
  let scripts = new LogicScripts();
  const prepared = new Map<string, Promise<PreparedDataProcess>>(
    Object.entries(config.dataProcesses).map(([name, dataProcess]) => [name, prepareDataProcess(name, dataProcess, scripts)]),
  );
  const saffron = saffronScript();
  const isolates = new DenoIsolates({ saffron: () => saffron });
  // The Deno host process starts with the runtime, so the first execution does not wait for it.
  const isolatesStarted = isolates.warm();
  const storageRoots = Object.values(config.agents.fileStorage).map((storage) => storage.root);
  // Held until `close`: temporary files are swept only by a runtime alone with the state directory.
  const stateDirLock = lockStateDir(stateDir);
  // In the background, so a large storage tree does not delay the start; `close` waits for it.
  const tempFileSweep = stateDirLock.then((lock) => removeStaleTempFiles([stateDir, ...storageRoots], lock));
  const startupHousekeeping = Promise.all([tempFileSweep, store.prune()]).catch(() => undefined);
  const ready = Promise.all([...prepared.values(), saffron, isolatesStarted]).then(() => undefined);
  // Failures surface through `ready` or the executions; never as an unhandled rejection.
  for (const promise of [...prepared.values(), saffron, isolatesStarted, ready]) promise.catch(() => undefined);
  const onConsole = options.onConsole ?? ((line: string) => process.stderr.write(`${line}\n`));

  const running = new Set<Promise<ExecutionRecord>>();
  const abort = new AbortController();
  let closing = false;
  const slots = new ExecutionSlots(config.executions.maxRunning ?? defaultMaxRunning(), config.executions.maxQueued);

  /**
   * Executions from their start until their record is stored: a record being written is readable
   * by id at once, the write not delaying the answer. Each input is written when its execution
   * starts; its record after it.
   */
  const live = new LiveExecutions();
  const inputsSaved = new Map<string, Promise<void>>();
  const saving = new Set<Promise<void>>();
  function storeQuietly(executionId: string, dataProcesses: string[], write: () => Promise<void>): Promise<void> {
    const saved = write()
      .catch((error: unknown) => {
        // The caller has its result; the execution just cannot be read back after a restart.
        options.onLog?.({
          time: new Date().toISOString(),
          level: "error",
          dataProcess: dataProcesses.join(","),
          logic: "-",
          message: `cannot store execution ${executionId}: ${(error as Error).message}`,
        });
      })
      .finally(() => saving.delete(saved));
    saving.add(saved);
    return saved;
  }
  function keepInput(input: StoredInput): void {
    inputsSaved.set(input.executionId, storeQuietly(input.executionId, input.dataProcesses, () => store.saveInput(input)));
  }
  function persist(record: ExecutionRecord): void {
    live.finish(record);
    const { executionId } = record;
    const inputSaved = inputsSaved.get(executionId) ?? Promise.resolve();
    inputsSaved.delete(executionId);
    const dataProcesses = record.tasks.map((task) => task.dataProcess);
    void storeQuietly(executionId, dataProcesses, () => inputSaved.then(() => store.save(record))).then(() => live.forget(executionId));
  }

  /** `wait`: queue however long (manual, schedule); else past `maxQueued` throw ExecutorBusyError (API route, and Kafka, which paces itself). */
  function start(request: ExecuteRequest, wait = false): StartedExecution {
    if (closing) throw new Error("the runtime is closing: no new executions");
    const unknown = request.dataProcesses.filter((name) => !prepared.has(name));
    if (unknown.length > 0 || request.dataProcesses.length === 0) {
      const known = [...prepared.keys()].join(", ") || "none";
      throw new Error(
        unknown.length > 0 ? `unknown data process "${unknown.join('", "')}" (configured: ${known})` : "no data process to execute",
      );
    }
    if (request.executionId !== undefined && !isExecutionId(request.executionId)) {
      throw new Error(`executionId must be a UUID, got "${request.executionId}"`);
    }
    const executionId = request.executionId?.toLowerCase() ?? randomUUID();
    const slot = wait ? slots.enter() : slots.enterOrRefuse();
    const input = redactValue(storedInputOf(executionId, request), secrets);
    live.add(input);
    keepInput(input);
    const done = slot.then(async (release) => {
      live.running(executionId);
      try {
        return await runExecution({
          executionId,
          request,
          prepare: (name) => prepared.get(name)!,
          isolates,
          onConsole: (line) => onConsole(redactText(line, secrets)),
          agents,
          secrets,
          onLog: (entry) => {
            live.log(entry);
            options.onLog?.(entry);
          },
          onStep: (dataProcess, step) => live.step(executionId, dataProcess, step),
          persist,
          signal: abort.signal,
        });
      } finally {
        release();
      }
    });
    running.add(done);
    void done.finally(() => running.delete(done)).catch(() => live.forget(executionId));
    return { executionId, done };
  }

  const logicFiles = [...new Set(Object.values(config.dataProcesses).flatMap(logicFilesOf))];
  async function reloadNow(files: string[] | undefined): Promise<LogicReload> {
    const wanted = files === undefined ? logicFiles : [...new Set(files.map((file) => resolve(file)))];
    const changed = wanted.filter((file) => logicFiles.includes(file));
    const fresh = scripts.withFresh(changed);
    const loads = await Promise.allSettled(changed.map((file) => fresh.load(file)));
    const failed = changed.flatMap((file, index) => {
      const load = loads[index]!;
      if (load.status === "fulfilled") return [];
      const error = load.reason as Error;
      return [{ file, message: error instanceof LogicLoadError ? error.reason : error.message }];
    });
    if (failed.length > 0) return { reloaded: [], failed };
    const affected = Object.entries(config.dataProcesses).filter(([, dataProcess]) =>
      logicFilesOf(dataProcess).some((file) => changed.includes(file)),
    );
    // Every logic is loaded by now: preparing cannot fail, and the swap is all or nothing.
    const next = await Promise.all(
      affected.map(async ([name, dataProcess]) => [name, await prepareDataProcess(name, dataProcess, fresh)] as const),
    );
    for (const [name, dataProcess] of next) prepared.set(name, Promise.resolve(dataProcess));
    scripts = fresh;
    return { reloaded: changed, failed: [] };
  }
  let reloading: Promise<unknown> = Promise.resolve();
  function reloadLogics(files?: string[]): Promise<LogicReload> {
    const reload = reloading.then(() => reloadNow(files));
    reloading = reload.catch(() => undefined);
    return reload;
  }

  return {
    ready,
    reloadLogics,
    async logicInputs() {
      const current = scripts;
      const inputs = await Promise.all(logicFiles.map((file) => current.inputs(file).catch((): string[] => [])));
      return new Map(logicFiles.map((file, index) => [file, inputs[index]!]));
    },
    stateDir,
    isolateStats: () => isolates.stats,
    executionCounts: () => slots.counts,
    start: (request) => start(request),
    execute: async (request) => start(request, true).done,
    getExecution: async (executionId) => live.get(executionId)?.record ?? store.get(executionId),
    getExecutionInput: async (executionId) => live.get(executionId)?.input ?? store.getInput(executionId),
    listExecutions: (filter) => store.list(filter),
    liveExecutions: () => live.list(),
    liveExecution: (executionId) => live.get(executionId),
    onActivity: (listener) => live.subscribe(listener),
    dataProcesses: () => Object.entries(config.dataProcesses).map(([name, dataProcess]) => ({ name, logics: logicFilesOf(dataProcess).map((file) => basename(file, extname(file))) })),
    hasDataProcess: (name) => prepared.has(name),
    async close(graceMs = config.server.shutdownGraceMs) {
      closing = true;
      const all = Promise.allSettled([...running]);
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolveGrace) => (graceTimer = setTimeout(resolveGrace, graceMs)));
      await Promise.race([all, grace]);
      clearTimeout(graceTimer);
      // Past the grace, running tasks stop (their workers terminate) and are stored as timed out.
      abort.abort();
      await Promise.all([all, startupHousekeeping]);
      await Promise.all([...saving]);
      await stateDirLock.then((lock) => lock.release(), () => undefined);
      await isolates.close();
    },
  };
}

/** Creates the runtime and waits until every logic is loaded; throws naming the one that failed. */
export async function startRuntime(config: RuntimeConfig, options: RuntimeOptions = {}): Promise<LocalRuntime> {
  const runtime = createRuntime(config, options);
  await runtime.ready;
  return runtime;
}
