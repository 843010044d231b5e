/**
 * The aggregator, `finalize-orders`: this data process's task result under its own top-level key
 * and the status code picked over its orders. On a railway error it still finalizes a result
 * (the error's name and message, 500).
 */
import { RESULT_KEY, type ResultSink, type TaskContext } from "../agents";
import type { Logger } from "../log";
import { redactSecrets, stripUrlQueries } from "../redact";
import { buildErrorResult, buildResult, type BuiltResult } from "../result/build-result";
import { readOutcomes, readWorkSet, SESSION_KEYS, type SessionStore } from "../session/state";
import type { VariableSource } from "../settings";

/** The aggregator has no LocalStorage and no HTTP needs: only these agents. */
export interface AggregatorAgents {
  session: SessionStore;
  log: Logger;
  variable: VariableSource;
  result: ResultSink;
}

/** Secrets this execution may have seen: the session's token and the client secret. */
async function knownSecrets(agents: AggregatorAgents): Promise<string[]> {
  const secrets: string[] = [];
  const auth = (await agents.session.get(SESSION_KEYS.auth).catch(() => null)) as { token?: unknown } | null;
  if (typeof auth?.token === "string") secrets.push(auth.token);
  const clientSecret = agents.variable("GRAFX_CLIENT_SECRET");
  if (clientSecret) secrets.push(clientSecret);
  return secrets;
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
  const built = sanitized(buildResult(ctx.task.taskKey, workSet, outcomes), await knownSecrets(agents));
  publish(built, agents);
  agents.log.info({ event: "finalized", statusCode: built.statusCode, summary: built.result.summary });
  return built;
}

export async function finalizeError(
  ctx: Pick<TaskContext, "task">,
  error: { name: string; message: string },
  agents: AggregatorAgents,
): Promise<BuiltResult> {
  const secrets = await knownSecrets(agents).catch(() => []);
  const built = sanitized(buildErrorResult(ctx.task.taskKey, { name: error.name, message: error.message }), secrets);
  publish(built, agents);
  agents.log.error({ event: "finalized-error", error: built.result.error });
  return built;
}
