import { createHash } from "node:crypto";
import { afterEach } from "vitest";
import { startGrafxSimulator, type GrafxSimulator, type GrafxSimulatorOptions } from "../../grafx-simulator";

const running = new Set<GrafxSimulator>();

afterEach(async () => {
  await Promise.all([...running].map((simulator) => simulator.close()));
  running.clear();
});

/** A simulator on 127.0.0.1, port 0, closed after the test. */
export async function startSimulator(options: GrafxSimulatorOptions = {}): Promise<GrafxSimulator> {
  const simulator = await startGrafxSimulator(options);
  running.add(simulator);
  return simulator;
}

export function requestToken(simulator: GrafxSimulator, credentials: { clientId?: string; clientSecret?: string } = {}): Promise<Response> {
  return fetch(simulator.authUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials",
      audience: "https://chiligrafx.com",
      client_id: credentials.clientId ?? "sim-client",
      client_secret: credentials.clientSecret ?? "sim-secret",
    }),
  });
}

export async function getToken(simulator: GrafxSimulator): Promise<string> {
  const response = await requestToken(simulator);
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function taskUrl(simulator: GrafxSimulator, taskId: string, environment = simulator.environment): string {
  return `${simulator.url}/grafx/api/v1/environment/${environment}/output/tasks/${taskId}`;
}

export function outputUrl(simulator: GrafxSimulator, format: string): string {
  return `${simulator.url}/grafx/api/v1/environment/${simulator.environment}/output/${format}`;
}

export interface FinishedTask {
  data: { taskId: string; status: string; format: string; sizeBytes: number; contentType: string };
  links: { download: string; taskInfo: string };
}

export async function fetchFinishedTask(simulator: GrafxSimulator, taskId: string, token: string): Promise<FinishedTask> {
  const response = await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
  if (response.status !== 200) throw new Error(`task ${taskId} status answered ${response.status}`);
  return (await response.json()) as FinishedTask;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads a body chunk by chunk, keeping only the count and a hash (never the whole file). */
export async function countBody(response: Response): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    hash.update(value);
  }
  return { bytes, sha256: hash.digest("hex") };
}
