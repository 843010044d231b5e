/**
 * The execution's GraFx token, asked for once process-orders holds an order to check: from the
 * LocalStorage cache, else the token endpoint. The token itself is never logged. A refusal or an
 * unreachable endpoint is returned, not thrown — as the failure every held order reports, with the
 * client secret and any issued token redacted from its message — so the orders stay pending and
 * each gets its own result.
 */
import type { Logger } from "../log";
import { redactSecrets } from "../redact";
import type { TokenResult, TokenSource } from "./token-source";

export async function obtainToken(tokens: TokenSource, clientSecret: string | null, log: Logger): Promise<TokenResult> {
  const result = await tokens.token();
  if (result.ok) {
    log.info({ event: "authenticated" });
    return result;
  }
  const message = redactSecrets(result.failure.message, [clientSecret, ...tokens.issuedTokens()]);
  log.warn({ event: "authentication-failed", reason: result.failure.reason, error: message });
  return { ok: false, failure: { ...result.failure, message } };
}
