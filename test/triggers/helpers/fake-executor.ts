import { randomUUID } from "node:crypto";
import type { ExecuteRequest, ExecutionRecord, Executor, StartedExecution } from "../../../runtime/contract";
import { finishedRecord } from "../../helpers/finished-record";

export interface FakeOutcome {
  status?: number;
  result?: Record<string, unknown>;
}

/** What the fake's "data process" does with a request. */
export type FakeBehaviour = (request: ExecuteRequest) => Promise<FakeOutcome> | FakeOutcome;

/**
 * An in-memory Executor standing in for the runtime, so the triggers can be tested alone. Like the
 * real one, an execution past its timeout ends with status 202.
 */
export class FakeExecutor implements Executor {
  readonly requests: ExecuteRequest[] = [];
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, Promise<ExecutionRecord>>();
  private readonly requestWaiters: Array<(request: ExecuteRequest) => void> = [];

  constructor(
    public behaviour: FakeBehaviour,
    private readonly dataProcesses: string[] = ["orders"],
  ) {}

  execute(request: ExecuteRequest): Promise<ExecutionRecord> {
    return this.start(request).done;
  }

  start(request: ExecuteRequest): StartedExecution {
    const executionId = randomUUID();
    const triggeredAt = new Date();
    this.requests.push(request);
    for (const waiter of this.requestWaiters.splice(0)) waiter(request);

    const outcome = Promise.resolve().then(() => this.behaviour(request));
    const timedOut = new Promise<"timed-out">((resolve) => {
      if (request.timeoutMs !== undefined) setTimeout(() => resolve("timed-out"), request.timeoutMs).unref();
    });
    const done = Promise.race([outcome, timedOut]).then((ended) => {
      const record = finishedRecord(
        request,
        executionId,
        triggeredAt,
        ended === "timed-out" ? { status: 202, result: {}, timedOut: true } : { status: ended.status ?? 200, result: ended.result ?? {} },
      );
      this.records.set(executionId, record);
      return record;
    });
    this.running.set(executionId, done);
    return { executionId, done };
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    return this.records.get(executionId);
  }

  hasDataProcess(name: string): boolean {
    return this.dataProcesses.includes(name);
  }

  async close(): Promise<void> {}

  /** Resolves with the record once the execution is stored. */
  finished(executionId: string): Promise<ExecutionRecord> {
    const done = this.running.get(executionId);
    if (!done) throw new Error(`the fake executor never started ${executionId}`);
    return done;
  }

  /** Resolves with the next request the executor receives. */
  nextRequest(): Promise<ExecuteRequest> {
    return new Promise((resolve) => this.requestWaiters.push(resolve));
  }
}

/** The body bytes of an http payload as text. */
export function bodyText(request: ExecuteRequest): string {
  if (!("http" in request.payload)) throw new Error("expected an http payload");
  return new TextDecoder().decode(Uint8Array.from(request.payload.http.request.data));
}

/** A data process that answers like the order one: 400 for a body that is not JSON, else echoes it. */
export const echoJson: FakeBehaviour = (request) => {
  try {
    const text = bodyText(request);
    return { status: 200, result: { echo: text === "" ? null : JSON.parse(text) } };
  } catch {
    return { status: 400, result: { error: "the body is not JSON" } };
  }
};
