/** The task a logic run by `DenoIsolates.run` directly is told it belongs to (op_fetch_task). */
import type { TaskRecord } from "../../runtime/saffron/src/host-ops";

export function taskRecord(): TaskRecord {
  return {
    taskKey: { executionId: "e", taskId: "t" },
    startTimestamp: new Date().toISOString(),
    dataProcess: { permanentIdentity: "dp", revision: 1, name: "dp" },
    executedLogics: [],
  };
}
