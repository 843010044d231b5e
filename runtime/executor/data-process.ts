/** A configured data process made ready to run: identities assigned, logic scripts loaded. */
import type { DataProcessConfig } from "../config/schema";
import type { LogicIdentity } from "../agents/agent";
import { variablesOf } from "../agents/logic-variable";
import type { VersionedIdentityRecord as VersionedIdentity } from "../saffron/src/host-ops";
import { logicNameOf, stableUuid } from "./logic-identity";
import type { LogicScripts } from "./prepare-logic";

export interface PreparedLogic extends LogicIdentity {
  filename: string;
  script: string;
}

export interface PreparedDataProcess {
  name: string;
  identity: VersionedIdentity;
  /** The generic logics in order, then the aggregator. */
  logics: PreparedLogic[];
  timeoutMs: number;
  variables: Record<string, string>;
}

export function versionedIdentity(logic: LogicIdentity): VersionedIdentity {
  return { permanentIdentity: logic.permanentIdentity, revision: logic.revision, name: logic.name };
}

/** Every logic file a data process runs: its generic logics, then its aggregator. */
export function logicFilesOf(config: DataProcessConfig): string[] {
  return [...config.generic, config.aggregator];
}

export async function prepareDataProcess(name: string, config: DataProcessConfig, scripts: LogicScripts): Promise<PreparedDataProcess> {
  const files = [...config.generic.map((file) => ({ file, kind: "generic" as const })), { file: config.aggregator, kind: "aggregator" as const }];
  const seen = new Map<string, number>();
  const logics = await Promise.all(
    files.map(async ({ file, kind }): Promise<PreparedLogic> => {
      const base = logicNameOf(file);
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      // The same file twice in one data process still gets two names in logs and errors.
      const logicName = count === 1 ? base : `${base}#${count}`;
      return {
        name: logicName,
        kind,
        permanentIdentity: stableUuid(`loc-local:logic:${file}`),
        revision: 1,
        filename: file,
        script: await scripts.load(file),
      };
    }),
  );
  return {
    name,
    identity: { permanentIdentity: stableUuid(`loc-local:data-process:${name}`), revision: 1, name },
    logics,
    timeoutMs: config.timeoutMs,
    variables: variablesOf(config),
  };
}
