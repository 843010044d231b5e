/**
 * Agents LOC has and the local runtime does not back: EventAgent, DatabaseAgent, MailAgent. Their
 * operations exist (a logic calling one gets an answer, not a missing-operation failure), and
 * each fails with one error naming the agent and what LOC would need for it.
 */
import type { HostOpName } from "../saffron/src/host-ops";
import { HostOpError, type AgentFactory, type OpTable } from "./agent";

const UNBACKED: ReadonlyArray<{ agent: string; missing: string; ops: readonly HostOpName[] }> = [
  {
    agent: "EventAgent",
    missing: "no event store is configured",
    ops: ["op_event_agent_emit", "op_event_agent_search", "op_event_agent_search_with_pattern"],
  },
  {
    agent: "DatabaseAgent",
    missing: "no database is configured",
    ops: [
      "op_database_agent_acquire",
      "op_database_agent_query",
      "op_database_agent_execute",
      "op_database_agent_release",
      "op_database_agent_begin_transaction",
      "op_database_agent_commit_transaction",
      "op_database_agent_rollback_transaction",
    ],
  },
  {
    agent: "MailAgent",
    missing: "no mail server is configured",
    ops: ["op_mail_agent_acquire", "op_mail_agent_send"],
  },
];

export function notAvailable(agent: string, missing: string): HostOpError {
  return new HostOpError("NotSupported", `${agent} is not available in the local runtime (${missing})`);
}

const ops: OpTable = Object.fromEntries(
  UNBACKED.flatMap(({ agent, missing, ops: names }) =>
    names.map((name) => [
      name,
      () => {
        throw notAvailable(agent, missing);
      },
    ]),
  ),
);

export const unbackedAgents: AgentFactory = () => ({ attach: () => ({ ops }) });
