import type { RequestStage } from "./faults";

export type SimulatorOrigin = "api" | "second";

/** One request as the simulator saw it. Never holds a token: only whether one came and was good. */
export interface RecordedRequest {
  origin: SimulatorOrigin;
  method: string;
  /** Path without the query string. */
  path: string;
  stage: RequestStage | "admin" | "unknown";
  hasAuthorization: boolean;
  /** A bearer token this simulator issued and that had not expired when the request arrived. */
  authorizationValid: boolean;
  /** Epoch milliseconds on arrival. */
  time: number;
  /** The status answered; absent while running and for reset, hung or truncated answers. */
  status?: number;
}

/** Keeps the newest requests only, so a long-running simulator does not grow without end. */
const MAX_RECORDED_REQUESTS = 10_000;

export class RequestLog {
  private readonly entries: RecordedRequest[] = [];

  record(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    if (this.entries.length > MAX_RECORDED_REQUESTS) this.entries.shift();
    return entry;
  }

  list(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }
}
