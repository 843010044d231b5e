/**
 * Logic 3, `process-orders`: every order of the work set checked (and, when finished, downloaded
 * and written) with bounded concurrency; each order's outcome kept in SessionStorage.
 */
import { FILE_STORAGE_ORDERS, HTTP_AGENT_API, type Agents } from "../agents";
import { createLimiter, mapConcurrently } from "../concurrency";
import { downloadBasesOf } from "../grafx/download-route";
import { createTokenSource, retryPolicyOf } from "../grafx/token-setup";
import type { HttpClient } from "../http/client";
import type { Logger } from "../log";
import { failureOutcome, processOrder, type OrderDeps } from "../orders/process-order";
import { redactSecrets, stripUrlQueries } from "../redact";
import { readAuthState, readWorkSet, writeOutcomes, type OrderOutcome, type WorkOrder } from "../session/state";
import { loadSettings } from "../settings";
import { stateOf } from "../status/status-policy";
import { timeBudget } from "../time-budget";

function logOutcome(log: Logger, outcome: OrderOutcome): void {
  const { taskId, orderId, kind, path, bytes, error } = outcome;
  const state = stateOf(kind);
  const entry = { event: "order-outcome", taskId, orderId, state, ...(state === "failed" && { reason: kind }), path, bytes, error };
  if (state === "failed") log.warn(entry);
  else log.info(entry);
}

/** Each HTTP agent acquired once, when first needed: `grafx-download` may not exist at all. */
function agentClients(agents: Agents): (name: string) => Promise<HttpClient> {
  const acquired = new Map<string, Promise<HttpClient>>();
  return (name) => {
    let client = acquired.get(name);
    if (!client) {
      client = agents.http(name);
      // Each order that needs it reports the failure; no unhandled rejection meanwhile.
      client.catch(() => undefined);
      acquired.set(name, client);
    }
    return client;
  };
}

function notStarted(order: WorkOrder): OrderOutcome {
  return {
    taskId: order.taskId,
    environment: order.environment,
    ...(order.orderId && { orderId: order.orderId }),
    kind: "pending",
    error: "not checked in this execution (TIME_BUDGET_SECONDS used up); it stays pending and is re-checked later",
  };
}

export async function processOrders(agents: Agents): Promise<OrderOutcome[]> {
  const workSet = await readWorkSet(agents.session);
  const { orders } = workSet;
  if (orders.length === 0) {
    await writeOutcomes(agents.session, []);
    return [];
  }
  const settings = loadSettings(agents.variable);
  const bases = downloadBasesOf(settings);
  const budget = timeBudget(workSet.startedAt, settings);
  const auth = await readAuthState(agents.session);
  let outcomes: OrderOutcome[];
  let secrets: Array<string | null> = [settings.clientSecret];
  if (auth.ok === false) {
    // No token: every order reports why, and keeps its pending record for a later execution.
    outcomes = orders.map((order) => failureOutcome(order, auth.failure));
  } else {
    const tokens = await createTokenSource(settings, agents, budget, auth.ok === true ? auth.token : undefined);
    const httpAgent = agentClients(agents);
    const deps: OrderDeps = {
      api: await httpAgent(HTTP_AGENT_API),
      httpAgent,
      bases,
      store: await agents.files(FILE_STORAGE_ORDERS),
      settings,
      tokens,
      policy: retryPolicyOf(settings),
      clock: agents.clock,
      deadline: budget.deadline,
      stopAt: budget.stopAt,
      downloadSlots: createLimiter(settings.downloadConcurrency),
      log: agents.log,
    };
    outcomes = await mapConcurrently(orders, settings.concurrency, async (order) => {
      if (agents.clock.now() > deps.deadline) return notStarted(order);
      try {
        return await processOrder(order, deps);
      } catch (error) {
        const message = `task ${order.taskId}: unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
        return failureOutcome(order, { reason: "internal-error", message });
      }
    });
    secrets = [...secrets, ...tokens.issuedTokens()];
  }
  const safe = outcomes.map((outcome) =>
    outcome.error === undefined ? outcome : { ...outcome, error: stripUrlQueries(redactSecrets(outcome.error, secrets)) },
  );
  for (const outcome of safe) logOutcome(agents.log, outcome);
  await writeOutcomes(agents.session, safe);
  return safe;
}
