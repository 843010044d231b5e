/** Builds the execution's TokenSource from the settings and the agents. */
import { HTTP_AGENT_AUTH, type Agents } from "../agents";
import type { RetryPolicy } from "../http/retry";
import { SettingsError, type Settings } from "../settings";
import type { TimeBudget } from "../time-budget";
import { keyValueTokenCache, tokenCacheKey } from "./token-cache";
import type { Credentials } from "./token-request";
import { TokenSource } from "./token-source";

export function retryPolicyOf(settings: Settings): RetryPolicy {
  return {
    maxAttempts: settings.maxAttempts,
    baseDelayMs: settings.retryBaseDelayMs,
    maxDelayMs: settings.retryMaxDelayMs,
    maxRetryAfterMs: settings.maxRetryAfterSeconds * 1000,
  };
}

export function credentialsOf(settings: Settings): Credentials {
  const missing = [
    settings.clientId === null && "GRAFX_CLIENT_ID",
    settings.clientSecret === null && "GRAFX_CLIENT_SECRET",
  ].filter((name): name is string => typeof name === "string");
  if (missing.length > 0 || settings.clientId === null || settings.clientSecret === null) {
    throw new SettingsError(`logic variable ${missing.join(" and ")} not set: GraFx needs an integration's client id and secret`);
  }
  return { clientId: settings.clientId, clientSecret: settings.clientSecret, audience: settings.audience };
}

export async function createTokenSource(settings: Settings, agents: Agents, budget: TimeBudget): Promise<TokenSource> {
  const credentials = credentialsOf(settings);
  return new TokenSource({
    client: await agents.http(HTTP_AGENT_AUTH),
    credentials,
    cache: keyValueTokenCache(agents.local, tokenCacheKey(credentials.clientId, credentials.audience), agents.clock.now),
    policy: retryPolicyOf(settings),
    clock: agents.clock,
    timeoutMs: settings.requestTimeoutMs,
    deadline: budget.deadline,
    stopAt: budget.stopAt,
  });
}
