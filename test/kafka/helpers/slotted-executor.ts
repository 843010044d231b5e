import type { ExecuteRequest, StartedExecution } from "../../../runtime/contract";
import { ExecutionSlots, ExecutorBusyError } from "../../../runtime/executor/execution-slots";
import { FakeExecutor, type FakeBehaviour } from "../../triggers/helpers/fake-executor";

/**
 * The fake executor behind the runtime's real execution slots: `start` takes a slot or, past the
 * queue, throws ExecutorBusyError as the runtime does; the slot is released when the execution ends.
 */
export class SlottedExecutor extends FakeExecutor {
  /** Starts refused with ExecutorBusyError. */
  refusals = 0;
  readonly slots: ExecutionSlots;

  constructor(behaviour: FakeBehaviour, { maxRunning, maxQueued = 0 }: { maxRunning: number; maxQueued?: number }) {
    super(behaviour);
    this.slots = new ExecutionSlots(maxRunning, maxQueued);
  }

  override start(request: ExecuteRequest): StartedExecution {
    let slot: Promise<() => void>;
    try {
      slot = this.slots.enterOrRefuse();
    } catch (error) {
      if (error instanceof ExecutorBusyError) this.refusals += 1;
      throw error;
    }
    const started = super.start(request);
    void started.done.finally(() => slot.then((release) => release()));
    return started;
  }
}
