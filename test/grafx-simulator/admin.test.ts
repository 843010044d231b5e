import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../grafx-simulator";
import { bearer, getToken, startSimulator, taskUrl } from "./helpers";

const json = (body: unknown) => ({ headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("GraFx simulator: admin API", () => {
  it("creates tasks with POST /__simulator/tasks, without auth", async () => {
    const simulator = await startSimulator();
    const response = await fetch(`${simulator.url}/__simulator/tasks`, { method: "POST", ...json({ format: "gif", durationMs: 60_000 }) });
    expect(response.status).toBe(201);
    const { taskId } = (await response.json()) as { taskId: string };
    const token = await getToken(simulator);
    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer(token) })).status).toBe(204);
  });

  it("refuses a bad task with 400 naming the field", async () => {
    const simulator = await startSimulator();
    const response = await fetch(`${simulator.url}/__simulator/tasks`, { method: "POST", ...json({ format: "tiff" }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^invalid task: format: /);
  });

  it("sets global faults with PUT /__simulator/faults and task faults with PUT /__simulator/tasks/{id}/faults", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask();

    const global = await fetch(`${simulator.url}/__simulator/faults`, {
      method: "PUT",
      ...json([{ rateLimit: { retryAfterSeconds: 3 }, stage: "status", times: 1 }]),
    });
    expect(global.status).toBe(204);
    const limited = await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);

    const perTask = await fetch(`${simulator.url}/__simulator/tasks/${taskId}/faults`, { method: "PUT", ...json([{ error: { status: 502 } }]) });
    expect(perTask.status).toBe(204);
    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer(token) })).status).toBe(502);
  });

  it("refuses bad faults with 400 and faults for an unknown task with 404", async () => {
    const simulator = await startSimulator();
    const bad = await fetch(`${simulator.url}/__simulator/faults`, { method: "PUT", ...json([{ truncate: { afterBytes: -5 } }]) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/faults\[0\]\.truncate\.afterBytes/);
    const unknown = await fetch(`${simulator.url}/__simulator/tasks/00000000-0000-4000-8000-000000000000/faults`, { method: "PUT", ...json([]) });
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${simulator.url}/__simulator/faults`, { method: "PUT", body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("lists received requests with GET /__simulator/requests, without token values", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask();
    await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    await fetch(`${simulator.url}/no/such/path`);

    const response = await fetch(`${simulator.url}/__simulator/requests`);
    const text = await response.text();
    expect(text).not.toContain(token);
    const { requests, tokensIssued } = JSON.parse(text) as { requests: RecordedRequest[]; tokensIssued: number };
    expect(tokensIssued).toBe(1);
    expect(requests.map(({ origin, method, stage, status }) => ({ origin, method, stage, status }))).toEqual([
      { origin: "api", method: "POST", stage: "token", status: 200 },
      { origin: "api", method: "GET", stage: "status", status: 200 },
      { origin: "api", method: "GET", stage: "unknown", status: 404 },
      { origin: "api", method: "GET", stage: "admin", status: undefined },
    ]);
    expect(requests[1]).toMatchObject({ path: `/grafx/api/v1/environment/sim-env/output/tasks/${taskId}`, hasAuthorization: true, authorizationValid: true });
    expect(typeof requests[0]?.time).toBe("number");
  });

  it("never faults admin calls", async () => {
    const simulator = await startSimulator({ faults: [{ error: { status: 503 } }] });
    expect((await fetch(`${simulator.url}/__simulator/requests`)).status).toBe(200);
    expect((await fetch(`${simulator.url}/__simulator/faults`, { method: "PUT", ...json([]) })).status).toBe(204);
  });
});
