import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultPlan, RequestStage } from "./faults";
import type { SimulatorState } from "./simulator-state";

export interface EndpointContext {
  state: SimulatorState;
  request: IncomingMessage;
  response: ServerResponse;
  /** Named groups of the route's pattern, URI-decoded. */
  params: Record<string, string>;
  /** What the faults decided for this request (answer faults are already handled). */
  plan: FaultPlan;
}

export interface Endpoint {
  method: "GET" | "POST" | "PUT";
  /** Matched against the whole path; named groups become `params` (`taskId` selects task faults). */
  pattern: RegExp;
  /** `admin` endpoints are never faulted. */
  stage: RequestStage | "admin";
  /** Whether it checks a bearer token (decides where `expireTokens: true` can strike). */
  authenticated: boolean;
  handle(context: EndpointContext): void | Promise<void>;
}
