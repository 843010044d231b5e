/**
 * Logic 2, `process-orders`: the execution's GraFx token (../grafx/obtain-token), then every order
 * of the work set checked (and, when finished, downloaded and written) with bounded concurrency;
 * each order's outcome kept in SessionStorage. The token is obtained here rather than in a logic of
 * its own: one logic run less per execution. Orders another execution holds (`skip`) are only
 * reported and need no token; every order this execution holds is settled: its record removed, or
 * its lease released.
 */
import { FILE_STORAGE_ORDERS, HTTP_AGENT_API, type Agents } from "../agents";
import { createLimiter, mapConcurrently } from "../concurrency";
import { downloadBasesOf } from "../grafx/download-route";
import { obtainToken } from "../grafx/obtain-token";
import { createTokenSource, retryPolicyOf } from "../grafx/token-setup";
import type { TokenSource } from "../grafx/token-source";
import type { HttpClient } from "../http/client";
import type { Logger } from "../log";
import type { FileStore } from "../orders/file-store";
import { leaseConfirmations } from "../orders/pending-store";
import { failureOutcome, processOrder, settlePending, type OrderDeps } from "../orders/process-order";
import { redactSecrets, stripUrlQueries } from "../redact";
import { readWorkSet, SessionStateError, writeOutcomes, type OrderOutcome, type WorkOrder, type WorkSet } from "../session/state";
import { loadSettings, type Settings } from "../settings";
import { progressReporter } from "../progress";
import { stateOf } from "../status/status-policy";
import { timeBudget, type TimeBudget } from "../time-budget";

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

function skippedOutcome(order: WorkOrder, skip: NonNullable<WorkOrder["skip"]>): OrderOutcome {
  return {
    taskId: order.taskId,
    environment: order.environment,
    ...(order.orderId && { orderId: order.orderId }),
    kind: skip.kind,
    error: skip.error,
  };
}

function heldLeaseId(workSet: WorkSet): string {
  if (!workSet.lease) throw new SessionStateError("the work set holds orders but no lease: read-orders did not take one");
  return workSet.lease.leaseId;
}

/**
 * Orders under way at once: CONCURRENCY being checked, DOWNLOAD_CONCURRENCY downloading, and up to
 * CONCURRENCY checked and waiting for a download slot — past that, checks wait for downloads.
 */
function ordersInFlight(settings: Pick<Settings, "concurrency" | "downloadConcurrency">): number {
  return 2 * settings.concurrency + settings.downloadConcurrency;
}

/** The outcomes of the orders this execution holds, each order's pending record settled after it. */
async function workOrders(
  orders: WorkOrder[],
  tokens: TokenSource,
  budget: TimeBudget,
  agents: Agents,
  workSet: WorkSet,
  settings: Settings,
): Promise<OrderOutcome[]> {
  const leaseId = heldLeaseId(workSet);
  const store: FileStore = await agents.files(FILE_STORAGE_ORDERS);
  const confirmLease = leaseConfirmations(store, leaseId, workSet.leaseSettleUntil, agents.clock);
  const token = await obtainToken(tokens, settings.clientSecret, agents.log);
  if (!token.ok) {
    // No token: every order reports why, and stays pending for a later execution.
    return mapConcurrently(orders, settings.concurrency, (order) => settlePending(order, failureOutcome(order, token.failure), { store, leaseId, confirmLease, log: agents.log }));
  }
  const httpAgent = agentClients(agents);
  const deps: OrderDeps = {
    api: await httpAgent(HTTP_AGENT_API),
    httpAgent,
    bases: downloadBasesOf(settings),
    store,
    settings,
    tokens,
    policy: retryPolicyOf(settings),
    clock: agents.clock,
    deadline: budget.deadline,
    stopAt: budget.stopAt,
    checkSlots: createLimiter(settings.concurrency),
    downloadSlots: createLimiter(settings.downloadConcurrency),
    leaseId,
    confirmLease,
    log: agents.log,
  };
  const progress = progressReporter(agents.log, orders.length, () => agents.clock.now());
  return mapConcurrently(orders, ordersInFlight(settings), async (order) => {
    const outcome = await workOrder(order, deps);
    progress.advance();
    return outcome;
  });
}

async function workOrder(order: WorkOrder, deps: OrderDeps): Promise<OrderOutcome> {
  try {
    return await processOrder(order, deps);
  } catch (error) {
    const message = `task ${order.taskId}: unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    return settlePending(order, failureOutcome(order, { reason: "internal-error", message }), deps);
  }
}

/**
 * An error process-orders ends with goes on the railway into the aggregator's result; only this
 * logic knows the tokens it was issued, so it redacts them (and the client secret) itself.
 */
function redactedError(error: unknown, secrets: Array<string | null>): Error {
  if (!(error instanceof Error)) return new Error(redactSecrets(String(error), secrets));
  // A copy: the thrown error may be frozen, or its message read-only.
  const redacted = new Error(redactSecrets(error.message, secrets));
  redacted.name = error.name;
  return redacted;
}

export async function processOrders(agents: Agents): Promise<OrderOutcome[]> {
  const workSet = await readWorkSet(agents.session);
  const { orders } = workSet;
  if (orders.length === 0) {
    await writeOutcomes(agents.session, []);
    return [];
  }
  const settings = loadSettings(agents.variable);
  const held = orders.filter((order) => !order.skip);
  const budget = timeBudget(workSet.startedAt, settings);
  // Orders another execution holds are only reported: without any other, no token is asked for.
  const tokens = held.length === 0 ? null : await createTokenSource(settings, agents, budget);
  const secrets = () => [settings.clientSecret, ...(tokens?.issuedTokens() ?? [])];
  try {
    const worked = tokens ? await workOrders(held, tokens, budget, agents, workSet, settings) : [];
    const byTask = new Map(worked.map((outcome) => [outcome.taskId, outcome]));
    const outcomes = orders.map((order) => (order.skip ? skippedOutcome(order, order.skip) : byTask.get(order.taskId)!));
    const known = secrets();
    const safe = outcomes.map((outcome) =>
      outcome.error === undefined ? outcome : { ...outcome, error: stripUrlQueries(redactSecrets(outcome.error, known)) },
    );
    for (const outcome of safe) logOutcome(agents.log, outcome);
    await writeOutcomes(agents.session, safe);
    return safe;
  } catch (error) {
    throw redactedError(error, secrets());
  }
}
