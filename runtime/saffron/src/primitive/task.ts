import type { VersionedIdentityContext } from "../types/event";

export interface TaskKey {
  executionId: string;
  taskId: string;
}

/**
 * The running task, as the real SDK types it. At run time `ctx.task` also carries the older
 * aliases `taskId { id, executionId }` and `startAt`, which the real type leaves out.
 */
export interface Task {
  taskKey: TaskKey;
  /**
   * Typed `Date` by the real SDK, but LOC delivers the ISO 8601 string: `new Date(startTimestamp)`
   * is right for both.
   */
  startTimestamp: Date;
  dataProcess: VersionedIdentityContext;
  currentLogic?: VersionedIdentityContext;
  executedLogics: VersionedIdentityContext[];
}
