/**
 * The baseline: the CHILI GraFx tutorial's order loop ("Order Handling", ../shared/seeds/000_*),
 * re-implemented faithfully — one token, then every order strictly one after the other: GET its
 * status, and on 200 download the link (token attached, as the tutorial does) and stream the body
 * into `<ordersDir>/<taskId>.png`. Only the defects that would crash the bench are left out: the
 * `orders/` directory is created first, and the body is piped through `Readable.fromWeb`.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { GrafxAccess } from "./job";

/** The tutorial's `getDangerousToken`: client credentials for a bearer token. */
async function getToken(grafx: GrafxAccess): Promise<string> {
  const response = await fetch(grafx.authUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials",
      audience: "https://chiligrafx.com",
      client_id: grafx.clientId,
      client_secret: grafx.clientSecret,
    }),
  });
  if (!response.ok) throw new Error(`token request answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The tutorial's `orderDone`: true when downloaded, false when not finished, a text when failed. */
async function orderDone(taskId: string, token: string, grafx: GrafxAccess, ordersDir: string): Promise<boolean | string> {
  const taskUrl = `${grafx.url}/grafx/api/v1/environment/${grafx.environment}/output/tasks/${taskId}`;
  try {
    const response = await fetch(taskUrl, { method: "GET", headers: { Accept: "application/json", Authorization: `Bearer ${token}` } });
    if (response.status === 200) {
      const jsonResponse = (await response.json()) as { links: { download: string } };
      const downloadResponse = await fetch(jsonResponse.links.download, { headers: { Authorization: `Bearer ${token}` } });
      if (!downloadResponse.body) return `Error: download answered ${downloadResponse.status} without a body`;
      const body = Readable.fromWeb(downloadResponse.body as WebReadableStream<Uint8Array>);
      await pipeline(body, createWriteStream(join(ordersDir, `${taskId}.png`)));
      return true;
    }
    if (response.status === 204) return false;
    if (response.status === 500) return `Error: Task failed ${await response.text()}`;
    return `Error: Received unexpected status code ${response.status}`;
  } catch (error) {
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export interface TutorialLoopOutcome {
  downloaded: number;
  /** Orders put back in the "database" because their task was not finished. */
  notFinished: number;
  failures: string[];
}

/** One tick of the tutorial's `setInterval` loop over these orders. */
export async function runTutorialLoop(grafx: GrafxAccess, taskIds: readonly string[], ordersDir: string): Promise<TutorialLoopOutcome> {
  await mkdir(ordersDir, { recursive: true });
  const database = new Set(taskIds);
  const token = await getToken(grafx);
  const outcome: TutorialLoopOutcome = { downloaded: 0, notFinished: 0, failures: [] };
  for (const taskId of taskIds) {
    database.delete(taskId);
    const result = await orderDone(taskId, token, grafx, ordersDir);
    if (typeof result === "string") outcome.failures.push(`task ${taskId}: ${result}`);
    else if (result) outcome.downloaded++;
    else {
      database.add(taskId);
      outcome.notFinished++;
    }
  }
  return outcome;
}
