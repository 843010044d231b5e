/** Logic 1, `read-orders`: the payload's orders (recorded as pending first) or the pending ones. */
import { FILE_STORAGE_ORDERS, type Agents, type TaskContext } from "../agents";
import { prepareWorkSet } from "../orders/prepare-work-set";
import { writeWorkSet, type WorkSet } from "../session/state";
import { loadSettings } from "../settings";

export async function readOrders(ctx: TaskContext, agents: Agents): Promise<WorkSet> {
  // The execution's time budget (../time-budget) counts from the first logic's start.
  const startedAt = agents.clock.now();
  const settings = loadSettings(agents.variable);
  const payload = await ctx.payload();
  const store = await agents.files(FILE_STORAGE_ORDERS);
  const workSet: WorkSet = { startedAt, ...(await prepareWorkSet(payload, { store, settings, now: agents.clock.now, log: agents.log })) };
  await writeWorkSet(agents.session, workSet);
  agents.log.info({
    event: "work-set",
    mode: workSet.mode,
    orders: workSet.orders.length,
    rejected: workSet.rejected.length,
    expired: workSet.expired.length,
    deferred: workSet.deferred,
  });
  return workSet;
}
