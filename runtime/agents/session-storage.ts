/**
 * SessionStorageAgent: values shared by the logics of one task (one data process of an
 * execution), as on LOC; another task of the same execution has its own. Gone when the task ends.
 */
import { z } from "zod";
import { parseArg, type AgentFactory } from "./agent";
import { ownCopy, plainValueOf, storedValueSchema } from "./stored-value";

/** One task's session storage (the executor makes one per task, see TaskScope.session). */
export class SessionStore {
  private readonly values = new Map<string, unknown>();

  get(key: string): unknown {
    return this.values.has(key) ? ownCopy(this.values.get(key)) : null;
  }

  put(key: string, value: unknown): void {
    this.values.set(key, ownCopy(value));
  }

  delete(key: string): void {
    this.values.delete(key);
  }
}

const key = z.string();
const putEntry = z.object({ key, value: storedValueSchema });

export const sessionStorageAgent: AgentFactory = () => ({
  attach: (task) => ({
    ops: {
      op_session_storage_agent_get: (_caller, name) => task.session.get(parseArg("op_session_storage_agent_get", key, name)),
      /** Answers true, as LOC's does (SessionStorageAgent.put* resolve a boolean). */
      op_session_storage_agent_put: (_caller, entry) => {
        const { key: name, value } = parseArg("op_session_storage_agent_put", putEntry, entry);
        task.session.put(name, plainValueOf(value));
        return true;
      },
      op_session_storage_agent_delete: (_caller, name) => task.session.delete(parseArg("op_session_storage_agent_delete", key, name)),
    },
  }),
});
