/** SessionStorageAgent: values shared by the logics of one execution, gone after it. */
import { z } from "zod";
import { parseArg, type AgentFactory } from "./agent";
import { plainValueOf, storedValueSchema } from "./stored-value";

/** One execution's session storage. */
export class SessionStore {
  private readonly values = new Map<string, unknown>();

  get(key: string): unknown {
    return this.values.has(key) ? structuredClone(this.values.get(key)) : null;
  }

  put(key: string, value: unknown): void {
    this.values.set(key, structuredClone(value));
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
      op_session_storage_agent_put: (_caller, entry) => {
        const { key: name, value } = parseArg("op_session_storage_agent_put", putEntry, entry);
        task.session.put(name, plainValueOf(value));
      },
      op_session_storage_agent_delete: (_caller, name) => task.session.delete(parseArg("op_session_storage_agent_delete", key, name)),
    },
  }),
});
