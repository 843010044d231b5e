import { describe, expect, it } from "vitest";
import { cacheTtlSeconds, keyValueTokenCache, tokenCacheKey } from "../../../lib/grafx/token-cache";
import { requestToken } from "../../../lib/grafx/token-request";
import { TokenSource } from "../../../lib/grafx/token-source";
import { FakeClock, FakeHttpClient, jsonResponse, MemoryLocalStorage } from "../fakes";

const AUTH_URL = "https://integration-login.chiligrafx.example/oauth/token";
const credentials = { clientId: "client-1", clientSecret: "client-secret-value", audience: "https://chiligrafx.com" };
const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 };

function tokenEndpoint(answers: Array<() => Response>) {
  let call = 0;
  return new FakeHttpClient(AUTH_URL, () => answers[Math.min(call++, answers.length - 1)]!());
}

const issued = (token: string, expiresIn = 3600) => () => jsonResponse({ access_token: token, expires_in: expiresIn, token_type: "Bearer" });

const cacheOf = (store: MemoryLocalStorage, clock: FakeClock) => keyValueTokenCache(store, tokenCacheKey(credentials.clientId, credentials.audience), clock.now);

function source(client: FakeHttpClient, store = new MemoryLocalStorage(), clock = new FakeClock(), deadline?: number) {
  return new TokenSource({ client, credentials, cache: cacheOf(store, clock), policy, clock, timeoutMs: 1000, ...(deadline !== undefined && { deadline }) });
}

describe("cacheTtlSeconds", () => {
  it.each([
    [3600, 3240],
    [600, 540],
    [300, 240],
    [60, 0],
    [30, 0],
    // LocalStorage keeps a value 86,400 s at most on LOC.
    [200_000, 86_400],
  ])("caches a token valid %i s for %i s", (expiresIn, ttl) => {
    expect(cacheTtlSeconds(expiresIn)).toBe(ttl);
  });
});

describe("requestToken", () => {
  it("posts the client credentials as JSON to the agent's base URL", async () => {
    const client = tokenEndpoint([issued("tok-1")]);
    await expect(requestToken(client, credentials, 1000)).resolves.toEqual({ kind: "ok", value: { accessToken: "tok-1", expiresInSeconds: 3600 } });
    const [request] = client.requests;
    // The agent's base URL is the token endpoint itself: the request's path is empty, never a full URL.
    expect(request).toMatchObject({ method: "POST", url: AUTH_URL });
    expect(client.fullUrls).toEqual([]);
    expect(request!.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(request!.body!)).toEqual({
      grant_type: "client_credentials",
      audience: "https://chiligrafx.com",
      client_id: "client-1",
      client_secret: "client-secret-value",
    });
  });

  it.each([400, 401, 403])("reports refused credentials (%i) with the OAuth error code only", async (status) => {
    const client = tokenEndpoint([() => jsonResponse({ error: "access_denied", error_description: "client client-secret-value unknown" }, status)]);
    const result = await requestToken(client, credentials, 1000);
    expect(result).toMatchObject({ kind: "failed", retryable: false, failure: { reason: "credentials-refused", message: `token request: GraFx refused the client credentials (${status}: access_denied)` } });
    expect(JSON.stringify(result)).not.toContain("client-secret-value");
  });

  it("treats a 5xx and a 429 as retryable", async () => {
    await expect(requestToken(tokenEndpoint([() => new Response("", { status: 500 })]), credentials, 1000)).resolves.toMatchObject({ retryable: true, failure: { reason: "unreachable" } });
    await expect(requestToken(tokenEndpoint([() => new Response("", { status: 429 })]), credentials, 1000)).resolves.toMatchObject({ retryable: true, failure: { reason: "rate-limited" } });
  });
});

describe("TokenSource", () => {
  it("caches a new token in LocalStorage until shortly before it expires", async () => {
    const store = new MemoryLocalStorage();
    const clock = new FakeClock();
    const client = tokenEndpoint([issued("tok-1", 3600), issued("tok-2")]);
    await expect(source(client, store, clock).token()).resolves.toEqual({ ok: true, token: "tok-1" });
    expect([...store.values.values()][0]).toEqual({ value: { accessToken: "tok-1", expiresAt: clock.time + 3240_000 }, timeoutSeconds: 3240 });

    // The next execution finds it there and asks nothing.
    await expect(source(client, store, clock).token()).resolves.toEqual({ ok: true, token: "tok-1" });
    expect(client.requests).toHaveLength(1);

    // Past its cache time it is not used any more.
    clock.time += 3241_000;
    await expect(source(client, store, clock).token()).resolves.toEqual({ ok: true, token: "tok-2" });
  });

  it("asks once for all concurrent callers", async () => {
    const client = tokenEndpoint([issued("tok-1")]);
    const tokens = source(client);
    await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(client.requests).toHaveLength(1);
  });

  it("refreshes a refused token once, shared by every order that saw it refused", async () => {
    const store = new MemoryLocalStorage();
    const clock = new FakeClock();
    await cacheOf(store, clock).write({ accessToken: "tok-1", expiresAt: clock.now() + 3600_000 }, 3600);
    const client = tokenEndpoint([issued("tok-2"), issued("tok-3")]);
    const tokens = source(client, store, clock);
    await expect(tokens.token()).resolves.toEqual({ ok: true, token: "tok-1" });
    const refreshed = await Promise.all([tokens.refresh("tok-1"), tokens.refresh("tok-1")]);
    expect(refreshed).toEqual([{ ok: true, token: "tok-2" }, { ok: true, token: "tok-2" }]);
    expect(client.requests).toHaveLength(1);
    // A second refusal, of the fresh token, means the credentials are refused.
    await expect(tokens.refresh("tok-2")).resolves.toMatchObject({ ok: false, failure: { reason: "credentials-refused" } });
    expect(tokens.issuedTokens().sort()).toEqual(["tok-1", "tok-2"]);
  });

  it("retries an unreachable token endpoint, then reports it", async () => {
    const clock = new FakeClock();
    const client = tokenEndpoint([() => new Response("", { status: 503 })]);
    await expect(source(client, new MemoryLocalStorage(), clock).token()).resolves.toMatchObject({ ok: false, failure: { reason: "unreachable" } });
    expect(client.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it("waits for no retry past the execution's deadline", async () => {
    const clock = new FakeClock();
    const client = tokenEndpoint([() => new Response("", { status: 503 })]);
    await expect(source(client, new MemoryLocalStorage(), clock, clock.now()).token()).resolves.toMatchObject({ ok: false, failure: { reason: "unreachable" } });
    expect(client.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("keeps different integrations' tokens apart", () => {
    expect(tokenCacheKey("a", "https://chiligrafx.com")).not.toBe(tokenCacheKey("b", "https://chiligrafx.com"));
    expect(tokenCacheKey("client-1", "https://chiligrafx.com")).not.toContain("client-1");
  });
});
