import { describe, expect, it } from "vitest";
import { bearer, getToken, requestToken, startSimulator, taskUrl } from "./helpers";

describe("GraFx simulator: token endpoint", () => {
  it("issues an opaque bearer token for the right client credentials", async () => {
    const simulator = await startSimulator({ tokenTtlSeconds: 120 });
    const response = await requestToken(simulator);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: 120, token_type: "Bearer" });
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.scope).toBe("string");
    expect(simulator.tokensIssued).toBe(1);
  });

  it("refuses wrong credentials with 401 access_denied", async () => {
    const simulator = await startSimulator();
    const wrongSecret = await requestToken(simulator, { clientSecret: "guess" });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: "access_denied" });
    const wrongId = await requestToken(simulator, { clientId: "someone-else" });
    expect(wrongId.status).toBe(401);
    expect(simulator.tokensIssued).toBe(0);
  });

  it("refuses other grant types and malformed bodies with 400", async () => {
    const simulator = await startSimulator();
    const password = await fetch(simulator.authUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "password", client_id: "sim-client", client_secret: "sim-secret" }),
    });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ error: "unsupported_grant_type" });
    const missing = await fetch(simulator.authUrl, { method: "POST", body: "{}" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error_description: string }).error_description).toMatch(/client_id/);
  });

  it("accepts a form-encoded token request too", async () => {
    const simulator = await startSimulator();
    const response = await fetch(simulator.authUrl, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: "sim-client", client_secret: "sim-secret" }),
    });
    expect(response.status).toBe(200);
  });

  it("answers 401 to a missing, unknown or malformed token", async () => {
    const simulator = await startSimulator();
    const { taskId } = simulator.createTask();
    expect((await fetch(taskUrl(simulator, taskId))).status).toBe(401);
    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer("not-a-token") })).status).toBe(401);
    const basic = await fetch(taskUrl(simulator, taskId), { headers: { Authorization: "Basic c2ltOnNpbQ==" } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("rejects a token past its lifetime (expireTokens afterSeconds) while expires_in still promises the TTL", async () => {
    const simulator = await startSimulator({ faults: [{ expireTokens: { afterSeconds: 0 } }] });
    const response = await requestToken(simulator);
    const { access_token, expires_in } = (await response.json()) as { access_token: string; expires_in: number };
    expect(expires_in).toBe(3600);
    const { taskId } = simulator.createTask();
    const status = await fetch(taskUrl(simulator, taskId), { headers: bearer(access_token) });
    expect(status.status).toBe(401);
    expect(await status.json()).toEqual({ error: "bearer token expired" });
  });

  it("expires every issued token on the next request once (expireTokens: true, times: 1); a fresh token works", async () => {
    const simulator = await startSimulator();
    const { taskId } = simulator.createTask();
    const oldToken = await getToken(simulator);
    simulator.setFaults([{ expireTokens: true, times: 1 }]);

    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer(oldToken) })).status).toBe(401);
    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer(oldToken) })).status).toBe(401);
    const newToken = await getToken(simulator);
    expect((await fetch(taskUrl(simulator, taskId), { headers: bearer(newToken) })).status).toBe(200);
    expect(simulator.tokensIssued).toBe(2);
  });

  it("never records a token value in its request log", async () => {
    const simulator = await startSimulator();
    const token = await getToken(simulator);
    const { taskId } = simulator.createTask();
    await fetch(taskUrl(simulator, taskId), { headers: bearer(token) });
    const log = simulator.requests;
    expect(log.at(-1)).toMatchObject({ origin: "api", method: "GET", stage: "status", hasAuthorization: true, authorizationValid: true, status: 200 });
    expect(JSON.stringify(log)).not.toContain(token);
  });
});
