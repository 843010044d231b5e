/** LogicVariable: the data process's `variables`, the secret ones also redacted everywhere. */
import { z } from "zod";
import type { DataProcessConfig, RuntimeConfig } from "../config/schema";
import { parseArg, type AgentFactory } from "./agent";

/** Built once: a zod schema costs far more to build than to check. */
const NAME_ARG = z.string();

export function variablesOf(dataProcess: DataProcessConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dataProcess.variables).map(([name, variable]) => [name, typeof variable === "string" ? variable : variable.value]),
  );
}

/** Every value to redact: `secrets` and the values of all variables marked secret. */
export function secretsOf(config: RuntimeConfig): string[] {
  const secretVariables = Object.values(config.dataProcesses).flatMap((dataProcess) =>
    Object.values(dataProcess.variables).flatMap((variable) => (typeof variable === "object" && variable.secret ? [variable.value] : [])),
  );
  return [...config.secrets, ...secretVariables].filter((secret) => secret !== "");
}

export const logicVariableAgent: AgentFactory = () => ({
  attach: (task) => ({
    ops: {
      op_logic_variable_get: (_caller, name) => task.variables[parseArg("op_logic_variable_get", NAME_ARG, name)] ?? null,
    },
  }),
});
