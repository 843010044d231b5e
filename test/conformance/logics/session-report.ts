/**
 * Aggregator reporting what the generic logics left in the session: each key named by the
 * REPORT_KEYS logic variable (comma-separated), bytes as `{ bytes: [...] }`, under the top-level
 * key REPORT_AS (default `session`). On the error track it reports the railway error it was
 * handed as well.
 */
import { AggregatorLogic, Logic, LogicVariable, ResultAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

async function readSession(): Promise<Record<string, unknown>> {
  const keys = (LogicVariable.get("REPORT_KEYS") ?? "").split(",").filter((key) => key !== "");
  const session: Record<string, unknown> = {};
  for (const key of keys) {
    const value = await SessionStorageAgent.get(key);
    session[key] = value instanceof Uint8Array ? { bytes: Array.from(value) } : value;
  }
  return session;
}

function reportAs(): string {
  return LogicVariable.get("REPORT_AS") ?? "session";
}

@Logic()
export default class SessionReport extends AggregatorLogic {
  async run() {
    ResultAgent.finalize({ [reportAs()]: await readSession() });
  }

  async handleError(error: RailwayError) {
    ResultAgent.finalize({
      [reportAs()]: await readSession(),
      railwayError: {
        name: error.name,
        message: error.message,
        logicPermanentIdentity: error.logicPermanentIdentity,
        logicRevision: error.logicRevision,
        // Which logic of the task the error's identity names.
        failedLogic: this.context.task.executedLogics.find((logic) => logic.permanentIdentity === error.logicPermanentIdentity)?.name ?? null,
      },
    });
  }
}
