/** Logic 1, `read-orders`: the payload's orders (recorded as pending first) or the pending ones. */
import { FILE_STORAGE_ORDERS, type Agents, type TaskContext } from "../agents";
import { prepareWorkSet } from "../orders/prepare-work-set";
import { writeWorkSet, type WorkSet } from "../session/state";
import { loadSettings } from "../settings";
import { timeBudget } from "../time-budget";

/** One LOC task is one holder: its lease id says which, for an operator reading the record. */
export function leaseIdOf(taskKey: { executionId: string; taskId: string }): string {
  return `${taskKey.executionId}/${taskKey.taskId}`;
}

export async function readOrders(ctx: TaskContext, agents: Agents): Promise<WorkSet> {
  // The execution's time budget (../time-budget) counts from the first logic's start.
  const startedAt = agents.clock.now();
  const settings = loadSettings(agents.variable);
  const payload = await ctx.payload();
  const store = await agents.files(FILE_STORAGE_ORDERS);
  // Held as long as this execution may still work on an order, never longer (a crash frees it then).
  const lease = { leaseId: leaseIdOf(ctx.task.taskKey), leaseExpiresAt: new Date(timeBudget(startedAt, settings).leaseUntil).toISOString() };
  const deps = { store, settings, now: () => agents.clock.now(), lease, log: agents.log };
  const workSet: WorkSet = { startedAt, ...(await prepareWorkSet(payload, deps)) };
  await writeWorkSet(agents.session, workSet);
  agents.log.info({
    event: "work-set",
    mode: workSet.mode,
    orders: workSet.orders.length,
    heldElsewhere: workSet.orders.filter((order) => order.skip?.kind === "pending").length,
    rejected: workSet.rejected.length,
    expired: workSet.expired.length,
    deferred: workSet.deferred,
  });
  return workSet;
}
