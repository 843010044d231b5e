import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../runtime/config/schema";
import { startRuntime, type LocalRuntime } from "../../runtime/executor";
import { startApiRouteServer, type ApiRouteServer } from "../../runtime/triggers/api-route";
import { startScheduleTrigger } from "../../runtime/triggers/schedule";
import { LogRecorder } from "./helpers/log-recorder";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The real runtime behind the real API route server and the schedule trigger, with fixture logics. */
describe("triggers with the real runtime", () => {
  let stateDir: string;
  let runtime: LocalRuntime;
  let server: ApiRouteServer;
  const logs = new LogRecorder();

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "loc-triggers-"));
    const config = configSchema.parse({
      stateDir,
      dataProcesses: {
        echo: { generic: [fixture("read-request.ts")], aggregator: fixture("report-request.ts"), timeoutMs: 10_000 },
      },
      triggers: {
        apiRoutes: [
          { method: "POST", path: "/echo", dataProcesses: ["echo"] },
          { method: "POST", path: "/echo/bare", dataProcesses: ["echo"], encapsulation: false },
          { method: "POST", path: "/echo/quick", dataProcesses: ["echo"], timeoutMs: 300 },
          { method: "POST", path: "/echo/later", dataProcesses: ["echo"], mode: "async" },
        ],
      },
    });
    runtime = await startRuntime(config);
    server = await startApiRouteServer(runtime, { routes: config.triggers.apiRoutes, port: 0, shutdownGraceMs: 5_000 }, { log: logs.log });
  });

  afterAll(async () => {
    await server?.close();
    await runtime?.close(1_000);
    await rm(stateDir, { recursive: true, force: true });
  });

  it("runs the data process with the request and answers its result and code", async () => {
    const response = await fetch(`${server.url}/echo?page=2`, { method: "POST", body: JSON.stringify({ status: 201, orders: ["a"] }) });

    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      _status: 201,
      _metadata: { triggerType: "ApiRoute", route: "POST /echo" },
      data: { request: { method: "POST", path: "/echo", query: "page=2", body: { status: 201, orders: ["a"] } } },
    });
    expect(await runtime.getExecution(body._metadata.executionId)).toMatchObject({ status: 201, triggerMetadata: { method: "POST", path: "/echo" } });
  });

  it("answers the bare result with encapsulation off, and the data process's 400 for malformed JSON", async () => {
    const bare = await fetch(`${server.url}/echo/bare`, { method: "POST", body: "[1]" });
    const malformed = await fetch(`${server.url}/echo`, { method: "POST", body: "{not json" });

    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ request: { method: "POST", path: "/echo/bare", query: "", body: [1] } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ _status: 400, data: { error: { name: "SyntaxError" } } });
  });

  it("answers 202 when the execution outlives the route's wait, and serves its result by id once it ends", async () => {
    const response = await fetch(`${server.url}/echo/quick`, { method: "POST", body: JSON.stringify({ sleepMs: 1_000, n: 2 }) });

    expect(response.status).toBe(202);
    const accepted = await response.json();
    expect(accepted).toMatchObject({ _status: 202, _metadata: { status: "In Progress" } });
    const finished = await waitForExecution(runtime, accepted.data.executionId).then(() => fetch(`${server.url}/executions/${accepted.data.executionId}`));
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ _status: 200, _metadata: { status: "Complete" }, data: { request: { body: { n: 2 } } } });
  });

  it("answers an asynchronous route at once and serves the result by execution id", async () => {
    const accepted = await fetch(`${server.url}/echo/later`, { method: "POST", body: JSON.stringify({ sleepMs: 200, n: 1 }) });
    expect(accepted.status).toBe(202);
    const { executionId } = (await accepted.json()).data;

    const running = await fetch(`${server.url}/executions/${executionId}`);
    const finished = await waitForExecution(runtime, executionId).then(() => fetch(`${server.url}/executions/${executionId}`));

    expect(running.status).toBe(202);
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ _status: 200, _metadata: { executionId }, data: { request: { body: { n: 1 } } } });
  });

  it("runs a schedule tick with an empty body through the same data process", async () => {
    const schedule = startScheduleTrigger(runtime, [{ cron: "0 0 1 1 *", dataProcesses: ["echo"], enabled: true }], { log: logs.log });
    try {
      expect(await schedule.runNow()).toEqual(["ran"]);
    } finally {
      await schedule.stop();
    }
    const finished = await logs.next((event) => event.msg === "schedule run finished");

    expect(await runtime.getExecution(String(finished.executionId))).toMatchObject({
      triggerType: "Schedule",
      status: 200,
      result: { request: { method: "POST", path: "/schedule", query: "", body: null } },
    });
  });
});

/** The executor stores a record only when the execution ends; nothing else signals an async end. */
async function waitForExecution(runtime: LocalRuntime, executionId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await runtime.getExecution(executionId))) {
    if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
