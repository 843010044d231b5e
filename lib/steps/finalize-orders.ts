/**
 * The aggregator, `finalize-orders`: this data process's task result under its own top-level key
 * and the status code picked over its orders. On a railway error it still finalizes a result
 * (the error's name and message, 500).
 */
import { RESULT_KEY, type ResultSink, type TaskContext } from "../agents";
import type { Logger } from "../log";
import { redactSecrets, stripUrlQueries } from "../redact";
import { buildErrorResult, buildResult, type BuiltResult } from "../result/build-result";
import { readOutcomes, readWorkSet, type SessionStore } from "../session/state";
import type { VariableSource } from "../settings";

/** The aggregator has no LocalStorage and no HTTP needs: only these agents. */
export interface AggregatorAgents {
  session: SessionStore;
  log: Logger;
  variable: VariableSource;
  result: ResultSink;
}

/**
 * The secret the aggregator knows: the client secret. The GraFx tokens never reach it —
 * process-orders redacts them from the outcomes and from any error it ends with.
 */
function knownSecrets(agents: AggregatorAgents): string[] {
  const clientSecret = agents.variable("GRAFX_CLIENT_SECRET");
  return clientSecret ? [clientSecret] : [];
}

/** The JSON of the result with every secret and URL query removed from its strings. */
function sanitized(built: BuiltResult, secrets: string[]): BuiltResult {
  const result = JSON.parse(stripUrlQueries(redactSecrets(JSON.stringify(built.result), secrets))) as BuiltResult["result"];
  return { result, statusCode: built.statusCode };
}

function publish(built: BuiltResult, agents: AggregatorAgents): void {
  agents.result.finalize({ [RESULT_KEY]: built.result }).httpStatusCode(built.statusCode);
}

export async function finalizeOrders(ctx: Pick<TaskContext, "task">, agents: AggregatorAgents): Promise<BuiltResult> {
  const workSet = await readWorkSet(agents.session);
  const outcomes = workSet.orders.length === 0 ? [] : await readOutcomes(agents.session);
  const built = sanitized(buildResult(ctx.task.taskKey, workSet, outcomes), knownSecrets(agents));
  publish(built, agents);
  agents.log.info({ event: "finalized", statusCode: built.statusCode, summary: built.result.summary });
  return built;
}

export async function finalizeError(
  ctx: Pick<TaskContext, "task">,
  error: { name: string; message: string },
  agents: AggregatorAgents,
): Promise<BuiltResult> {
  let secrets: string[] = [];
  try {
    secrets = knownSecrets(agents);
  } catch {
    // The error is finalized all the same, only without that redaction.
  }
  const built = sanitized(buildErrorResult(ctx.task.taskKey, { name: error.name, message: error.message }), secrets);
  publish(built, agents);
  agents.log.error({ event: "finalized-error", error: built.result.error });
  return built;
}
