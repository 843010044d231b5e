/** The console's JSON API over HTTP, on a runtime of fixture logics: listing, live state, runs, re-runs, inputs, guards. */
import { readdir, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startConsoleServer, type ConsoleServer } from "../../runtime/console/console-server";
import type { ExecutionSummary, ExecutionView } from "../../runtime/console/execution-views";
import type { LocalRuntime } from "../../runtime/executor";
import { configOf, manually, runtimeOf, tempDir } from "../runtime/helpers";

let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function consoleOf(): Promise<{ runtime: LocalRuntime; url: string; stateDir: string }> {
  const stateDir = await tempDir();
  const config = configOf(
    stateDir,
    {
      echo: { aggregator: "echo-aggregator.ts" },
      hang: { generic: ["hang.ts"], aggregator: "echo-aggregator.ts", variables: { HANG: "await" } },
    },
    { secrets: ["s3cr3t-value"] },
  );
  const runtime = runtimeOf(config);
  await runtime.ready;
  server = await startConsoleServer(runtime, { host: "127.0.0.1", port: 0 });
  return { runtime, url: server.url, stateDir };
}

async function get<T>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

async function post<T>(url: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

type Problem = { error: string; issues: string[] };

/** fetch sets Host itself: a request naming another host needs node:http. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}api/executions`, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", reject);
    request.end();
  });
}

async function finished(runtime: LocalRuntime, executionId: string) {
  for (;;) {
    const record = await runtime.getExecution(executionId);
    if (record) return record;
    await new Promise<void>((resolve) => {
      const stop = runtime.onActivity((activity) => {
        if (activity.kind === "finished" && activity.execution.executionId === executionId) {
          stop();
          resolve();
        }
      });
    });
  }
}

describe("the console API", () => {
  it("runs a data process by hand, keeps its payload (redacted), and re-runs it as a new manual execution", async () => {
    const { runtime, url, stateDir } = await consoleOf();
    const run = await post<{ executionId: string }>(`${url}api/executions`, { dataProcess: "echo", body: JSON.stringify({ hello: "world", token: "s3cr3t-value" }) });
    expect(run.status).toBe(202);
    const record = await finished(runtime, run.body.executionId);
    expect(record.result).toMatchObject({ echo: { hello: "world", token: "[REDACTED]" } });

    const view = await get<ExecutionView>(`${url}api/executions/${run.body.executionId}`);
    expect(view.body.summary).toMatchObject({ state: "Complete", status: 200, triggerType: "Manual", dataProcesses: ["echo"] });
    expect(view.body.canRerun).toBe(true);
    expect(view.body.input!.body).toEqual({ text: '{"hello":"world","token":"[REDACTED]"}' });
    expect(view.body.logs.map((entry) => entry.logic)).toContain("echo-aggregator");

    const rerun = await post<{ executionId: string }>(`${url}api/executions/${run.body.executionId}/rerun`, {});
    expect(rerun.status).toBe(202);
    expect(rerun.body.executionId).not.toBe(run.body.executionId);
    const again = await finished(runtime, rerun.body.executionId);
    expect(again).toMatchObject({ triggerType: "Manual", triggerMetadata: { rerunOf: run.body.executionId, rerunOfTrigger: "Manual" } });
    expect(again.result).toMatchObject({ echo: { hello: "world", token: "[REDACTED]" } });

    const listed = await get<{ executions: ExecutionSummary[] }>(`${url}api/executions?dataProcess=echo`);
    expect(listed.body.executions.map((summary) => summary.executionId)).toEqual([rerun.body.executionId, run.body.executionId]);
    expect(listed.body.executions[0]!.rerunOf).toBe(run.body.executionId);

    // Each kept beside its record, readable after a restart.
    await runtime.close(1_000);
    const ids = [run.body.executionId, rerun.body.executionId].sort();
    expect((await readdir(join(stateDir, "executions"))).sort()).toEqual(ids.flatMap((id) => [`${id}.input.json`, `${id}.json`]));
  });

  it("shows a running execution as In Progress with the logic it is at, then as it ended; filters by status and trigger", async () => {
    const { runtime, url } = await consoleOf();
    const started = runtime.start({ ...manually(["hang"]), timeoutMs: 1_500 });
    const running = await get<{ executions: ExecutionSummary[] }>(`${url}api/executions?status=In%20Progress`);
    expect(running.body.executions).toEqual([expect.objectContaining({ executionId: started.executionId, state: "In Progress", status: null })]);
    const view = await get<ExecutionView>(`${url}api/executions/${started.executionId}`);
    expect(view.body.summary.state).toBe("In Progress");
    expect(view.body.result).toBeNull();

    await started.done;
    const timedOut = await get<{ executions: ExecutionSummary[] }>(`${url}api/executions?status=Timeout&trigger=Manual`);
    expect(timedOut.body.executions.map((summary) => [summary.executionId, summary.status])).toEqual([[started.executionId, 202]]);
    expect((await get<{ executions: ExecutionSummary[] }>(`${url}api/executions?status=Complete`)).body.executions).toEqual([]);
    expect((await get<{ executions: ExecutionSummary[] }>(`${url}api/executions?trigger=ApiRoute`)).body.executions).toEqual([]);
  });

  it("streams started and finished executions as server-sent events", async () => {
    const { url } = await consoleOf();
    const controller = new AbortController();
    const response = await fetch(`${url}api/events`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const run = await post<{ executionId: string }>(`${url}api/executions`, { dataProcess: "echo", body: "{}" });
    const states: string[] = [];
    let text = "";
    while (!states.includes("Complete")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      for (const match of text.matchAll(/^data: (.*)$/gm)) {
        const summary = JSON.parse(match[1]!) as ExecutionSummary;
        if (summary.executionId === run.body.executionId) states.push(summary.state);
      }
      text = text.slice(text.lastIndexOf("\n\n") + 2);
    }
    controller.abort();
    expect(states[0]).toBe("In Progress");
    expect(states.at(-1)).toBe("Complete");
  });

  it("answers bad requests with what and where", async () => {
    const { runtime, url, stateDir } = await consoleOf();
    expect((await get<Problem>(`${url}api/executions?limit=0`)).body.issues[0]).toMatch(/^query\.limit: /);
    expect((await get<Problem>(`${url}api/executions?status=Done`)).body.issues[0]).toMatch(/^query\.status: /);
    expect(await post<Problem>(`${url}api/executions`, { body: "{}" })).toMatchObject({ status: 400, body: { issues: [expect.stringMatching(/^request\.dataProcess: /)] } });
    expect(await post<Problem>(`${url}api/executions`, { dataProcess: "echo", body: "{nope" })).toMatchObject({
      status: 400,
      body: { issues: [expect.stringMatching(/^body: not valid JSON/)] },
    });
    expect(await post<Problem>(`${url}api/executions`, { dataProcess: "other", body: "{}" })).toMatchObject({
      status: 400,
      body: { error: 'dataProcess: unknown data process "other" (configured: echo, hang)' },
    });
    expect(await post<Problem>(`${url}api/executions`, "not json")).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^request: not valid JSON/) } });
    expect((await get<Problem>(`${url}api/executions/3f0c6a4e-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await post<Problem>(`${url}api/executions/nope/rerun`, {})).status).toBe(404);

    // An execution whose input is gone (stored before inputs were kept) is shown, but cannot be re-run.
    const record = await runtime.execute(manually(["echo"]));
    await runtime.close(1_000);
    await rm(join(stateDir, "executions", `${record.executionId}.input.json`));
    expect((await get<ExecutionView>(`${url}api/executions/${record.executionId}`)).body).toMatchObject({ canRerun: false, input: null });
    expect((await post<Problem>(`${url}api/executions/${record.executionId}/rerun`, {})).status).toBe(409);
  });

  it("refuses other hosts (DNS rebinding), other origins and non-JSON changes (cross-site requests)", async () => {
    const { url } = await consoleOf();
    const port = new URL(url).port;
    expect(await statusWithHost(url, "evil.example")).toBe(421);
    expect(await statusWithHost(url, `evil.example:${port}`)).toBe(421);
    expect(await statusWithHost(url, `localhost:${port}`)).toBe(200);
    const foreign = await post<Problem>(`${url}api/executions`, { dataProcess: "echo", body: "{}" }, { "content-type": "application/json", origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    const form = await post<Problem>(`${url}api/executions`, '{"dataProcess":"echo","body":"{}"}', { "content-type": "text/plain" });
    expect(form.status).toBe(415);
    expect((await get<{ executions: unknown[] }>(`${url}api/executions`)).body.executions).toEqual([]);
  });

  it("serves the page with a content security policy", async () => {
    const { url } = await consoleOf();
    const page = await fetch(url);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script defer src="/console.js"></script>');
    const script = await fetch(`${url}console.js`);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect(await script.text()).toContain("/api/events");
  });
});
