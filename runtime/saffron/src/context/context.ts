import type { TaskRecord } from "../host-ops";
import type { Task } from "../primitive/task";
import type { Payload } from "../types/payload";

/** What a logic reads through its context: the trigger's payload and the running task. */
export abstract class AbstractContext {
  #payload?: Promise<Payload>;
  #task?: Task;

  /** Fetched from the host on first use, then kept (a failed fetch is not kept). */
  async payload(): Promise<Payload> {
    if (this.#payload === undefined) {
      const fetching = Deno.core.opAsync("op_fetch_payload");
      this.#payload = fetching;
      fetching.catch(() => {
        if (this.#payload === fetching) this.#payload = undefined;
      });
    }
    return this.#payload;
  }

  /** Synchronous, as on LOC: the task is known before the logic starts. */
  get task(): Task {
    this.#task ??= withAliases(Deno.core.ops.op_fetch_task());
    return this.#task;
  }
}

// Older SDKs read `taskId` and `startAt`; LOC still adds them.
function withAliases(record: TaskRecord): Task {
  const aliases = {
    taskId: { id: record.taskKey.taskId, executionId: record.taskKey.executionId },
    startAt: record.startTimestamp,
  };
  return Object.assign(record, aliases) as unknown as Task;
}
