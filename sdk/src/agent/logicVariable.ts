import type {} from "../host/deno";

/** Per-logic configuration values. Synchronous, as on LOC. */
export const LogicVariable = {
  get(name: string): string | null {
    return Deno.core.ops.op_logic_variable_get(name) ?? null;
  },
};
