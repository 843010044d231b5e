/** Shared test setup: fixture logics, temporary state, configurations and payloads. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { configSchema, type RuntimeConfig } from "../../runtime/config/schema";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";
import { createRuntime, type LocalRuntime, type RuntimeOptions } from "../../runtime/executor";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/logic/", import.meta.url));

/** A fixture logic by name (test/fixtures/logic), or by absolute path. */
export function fixture(name: string): string {
  return isAbsolute(name) ? name : join(FIXTURES, name);
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Last made, first undone: a runtime closes (and writes its last records) before its folder goes.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A temporary directory removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "loc-runtime-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

type DataProcessInput = { generic?: string[]; aggregator: string; timeoutMs?: number; variables?: Record<string, unknown> };

/** A configuration of fixture logics (names without folder), through the real schema. */
export function configOf(
  stateDir: string,
  dataProcesses: Record<string, DataProcessInput>,
  extra: Record<string, unknown> = {},
): RuntimeConfig {
  return configSchema.parse({
    stateDir,
    dataProcesses: Object.fromEntries(
      Object.entries(dataProcesses).map(([name, dataProcess]) => [
        name,
        { ...dataProcess, generic: (dataProcess.generic ?? []).map(fixture), aggregator: fixture(dataProcess.aggregator) },
      ]),
    ),
    ...extra,
  });
}

/** A runtime closed after the test. */
export function runtimeOf(config: RuntimeConfig, options: RuntimeOptions = {}): LocalRuntime {
  const runtime = createRuntime(config, options);
  cleanups.push(() => runtime.close(1_000));
  return runtime;
}

export function jsonPayload(value: unknown): Payload {
  return manualPayload(JSON.stringify(value), "00000000-0000-4000-8000-000000000000");
}

export function manually(dataProcesses: string[], body: unknown = {}) {
  return { dataProcesses, payload: jsonPayload(body), triggerType: "Manual" as const };
}
