/**
 * One client-credentials token request to the `grafx-auth` agent, whose base URL is the token
 * endpoint itself (`https://integration-login.chiligrafx.com/oauth/token` for real GraFx), so the
 * request's path is empty.
 */
import "../zod-config";
import * as z from "zod/mini";
import { lazy } from "../lazy";
import { describeNetworkError, discardBody, idleTimeout, readTextPrefix, type HttpClient } from "../http/client";
import { commonStatusResult, failed, type CallResult } from "./call-result";

export interface Credentials {
  clientId: string;
  clientSecret: string;
  audience: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Built on first use (../lazy). */
const tokenResponseSchema = lazy(() =>
  z.object({
    access_token: z.string().check(z.minLength(1)),
    expires_in: z.coerce.number().check(z.positive()),
  }),
);

/** The OAuth error code of a refusal (`invalid_client`…), only when it is a plain code. */
function oauthErrorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { error?: unknown }).error;
    return typeof code === "string" && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

async function interpret(response: Response, nowMs: number): Promise<CallResult<IssuedToken>> {
  const what = "token request";
  if (response.status === 200) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failed("bad-response", `${what}: the token endpoint answered 200 without JSON`, true);
    }
    const parsed = tokenResponseSchema().safeParse(body);
    if (!parsed.success) return failed("bad-response", `${what}: the answer has no access_token/expires_in`, true);
    return { kind: "ok", value: { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in } };
  }
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    const code = oauthErrorCode(await readTextPrefix(response, 2000));
    const detail = code ? `: ${code}` : "";
    return failed("credentials-refused", `${what}: GraFx refused the client credentials (${response.status}${detail})`, false);
  }
  await discardBody(response);
  const common = commonStatusResult(response, what, nowMs);
  if (common && common.kind !== "unauthorized") return common;
  if (response.status >= 500) return failed("unreachable", `${what}: the token endpoint answered ${response.status}`, true);
  return failed("bad-response", `${what}: unexpected answer ${response.status} from the token endpoint`, false);
}

export async function requestToken(
  client: HttpClient,
  credentials: Credentials,
  timeoutMs: number,
  now: () => number = Date.now,
  /** Epoch ms: the request is cut here (the execution's time budget). */
  stopAt?: number,
): Promise<CallResult<IssuedToken>> {
  const timeout = idleTimeout(timeoutMs, stopAt === undefined ? undefined : { stopAt, now });
  try {
    // The empty path is the agent's base URL itself: the token endpoint ("/" would add a slash to it).
    const response = await client.fetch("", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        audience: credentials.audience,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      }),
      signal: timeout.signal,
    });
    return await interpret(response, now());
  } catch (error) {
    return failed("unreachable", `token request: ${describeNetworkError(error, timeout.signal)}`, true);
  } finally {
    timeout.clear();
  }
}
