/** Every agent the local runtime provides; adding one is adding a file and a line here. */
import type { AgentFactory } from "./agent";
import { fileStorageAgent } from "./file-storage";
import { httpAgent } from "./http-agent";
import { localStorageAgent } from "./local-storage";
import { loggingAgent } from "./logging";
import { logicVariableAgent } from "./logic-variable";
import { resultAgent } from "./result";
import { sessionStorageAgent } from "./session-storage";
import { unbackedAgents } from "./unbacked-agents";

export const AGENTS: readonly AgentFactory[] = [
  resultAgent,
  loggingAgent,
  sessionStorageAgent,
  localStorageAgent,
  httpAgent,
  fileStorageAgent,
  logicVariableAgent,
  unbackedAgents,
];

export type { Agent, AgentFactory, LogicIdentity, LogicKind, OpCaller, OpTable, RuntimeResources, TaskAgent, TaskScope } from "./agent";
export { HostOpError } from "./agent";
