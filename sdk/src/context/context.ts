import type {} from "../host/deno";
import type { Payload } from "../types/payload";
import type { TaskInfo } from "../types/task";

/** What a logic sees of its task: the payload (fetched once, on demand) and the task info. */
export abstract class AbstractContext {
  #payload?: Promise<Payload>;

  constructor(readonly task: TaskInfo) {}

  payload(): Promise<Payload> {
    this.#payload ??= Deno.core.opAsync("op_fetch_payload");
    return this.#payload;
  }
}

export class GenericContext extends AbstractContext {}

export class AggregatorContext extends AbstractContext {}

/** Fills the older aliases (`taskId`, `startAt`) the real SDK still offers, when the host left them out. */
export function withTaskAliases(task: TaskInfo): TaskInfo {
  const { taskKey, startTimestamp } = task;
  return {
    ...task,
    taskId: task.taskId ?? { id: taskKey.taskId, executionId: taskKey.executionId },
    startAt: task.startAt ?? startTimestamp,
  };
}

/**
 * How the runtime builds the context it hands to `run`/`handleError` (or to a class-form logic's
 * constructor): fetches the task through `op_fetch_task` once, so `ctx.task` is then synchronous
 * as on LOC. Call it inside the sandbox, after the host operations are installed.
 */
export async function __createContext(kind: "generic"): Promise<GenericContext>;
export async function __createContext(kind: "aggregator"): Promise<AggregatorContext>;
export async function __createContext(kind: "generic" | "aggregator"): Promise<GenericContext | AggregatorContext>;
export async function __createContext(kind: "generic" | "aggregator"): Promise<GenericContext | AggregatorContext> {
  const task = withTaskAliases(await Deno.core.opAsync("op_fetch_task"));
  return kind === "generic" ? new GenericContext(task) : new AggregatorContext(task);
}
