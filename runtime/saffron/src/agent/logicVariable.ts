/** The logic's variables, set in the data process's configuration. Synchronous. */
export const LogicVariable = {
  get(name: string): string | null {
    return Deno.core.ops.op_logic_variable_get(name);
  },
};
