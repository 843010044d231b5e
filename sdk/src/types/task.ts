export interface TaskKey {
  executionId: string;
  taskId: string;
}

export interface VersionedIdentity {
  permanentIdentity: string;
  revision: number;
  name: string;
}

export interface TaskInfo {
  taskKey: TaskKey;
  /** Older alias of taskKey. */
  taskId: { id: string; executionId: string };
  /** ISO 8601. */
  startTimestamp: string;
  /** Older alias of startTimestamp. */
  startAt: string;
  dataProcess: VersionedIdentity;
  currentLogic?: VersionedIdentity;
  executedLogics: VersionedIdentity[];
}
