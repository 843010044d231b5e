/** The SDK's agents behind the `Agents` interface: what the entry files run with on LOC. */
import {
  FileStorageAgent,
  HttpAgent,
  LocalStorageAgent,
  LoggingAgent,
  LogicVariable,
  ResultAgent,
  SessionStorageAgent,
} from "@fstnetwork/loc-logic-sdk";
import type { Agents, ResultSink } from "./agents";
import { systemClock } from "./http/retry";

export const locAgents: Agents = {
  session: SessionStorageAgent,
  local: LocalStorageAgent,
  log: LoggingAgent,
  variable: (name) => LogicVariable.get(name),
  http: (name) => HttpAgent.acquire(name),
  files: (name) => FileStorageAgent.acquire(name),
  clock: systemClock,
};

export const locResult: ResultSink = ResultAgent;
