/**
 * Logic 2, `authenticate`: a GraFx token for this execution, from the LocalStorage cache or the
 * token endpoint, kept in SessionStorage (never logged). A refusal or an unreachable endpoint is
 * recorded as the reason every order will report, not thrown: the orders stay pending and each
 * gets its own result.
 */
import type { Agents } from "../agents";
import { createTokenSource } from "../grafx/token-setup";
import { redactSecrets } from "../redact";
import { readWorkSet, writeAuthState, type AuthState } from "../session/state";
import { loadSettings } from "../settings";
import { timeBudget } from "../time-budget";

export async function authenticate(agents: Agents): Promise<AuthState> {
  const workSet = await readWorkSet(agents.session);
  // Orders another execution holds are not checked here: without any other, no token is needed.
  if (workSet.orders.every((order) => order.skip)) {
    const skipped: AuthState = { ok: "skipped" };
    await writeAuthState(agents.session, skipped);
    return skipped;
  }
  const settings = loadSettings(agents.variable);
  const tokens = await createTokenSource(settings, agents, timeBudget(workSet.startedAt, settings));
  const result = await tokens.token();
  let state: AuthState;
  if (result.ok) {
    state = { ok: true, token: result.token };
    agents.log.info({ event: "authenticated" });
  } else {
    const message = redactSecrets(result.failure.message, [settings.clientSecret, ...tokens.issuedTokens()]);
    state = { ok: false, failure: { ...result.failure, message } };
    agents.log.warn({ event: "authentication-failed", reason: result.failure.reason, error: message });
  }
  await writeAuthState(agents.session, state);
  return state;
}
