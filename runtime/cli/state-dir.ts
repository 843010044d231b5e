/** Where a command that reads stored executions looks: `--state-dir`, else the configuration's (when there is one), else `.loc`. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadStateDir } from "../config/load";

export async function stateDirOf(config: string | undefined, stateDir: string | undefined): Promise<string> {
  if (stateDir) return resolve(stateDir);
  const file = config ?? "loc.config.json";
  if (config !== undefined || existsSync(file)) return loadStateDir(file);
  return resolve(".loc");
}
