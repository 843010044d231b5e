import { z } from "zod";
import type { Endpoint } from "./endpoint";
import { readJsonBody, sendJson } from "./http-io";
import { describeZodError } from "./validation";

const tokenRequestSchema = z.object({
  grant_type: z.string(),
  audience: z.string().optional(),
  client_id: z.string(),
  client_secret: z.string(),
});

/** `POST /oauth/token`: client-credentials grant, as GraFx's integration login. */
export const tokenEndpoint: Endpoint = {
  method: "POST",
  pattern: /^\/oauth\/token$/,
  stage: "token",
  authenticated: false,
  async handle({ state, request, response, plan }) {
    const body = await readJsonBody(request);
    if (!body.ok) return sendJson(response, body.status, { error: "invalid_request", error_description: body.error });
    const parsed = tokenRequestSchema.safeParse(body.value);
    if (!parsed.success) {
      return sendJson(response, 400, { error: "invalid_request", error_description: describeZodError(parsed.error) });
    }
    if (parsed.data.grant_type !== "client_credentials") {
      return sendJson(response, 400, { error: "unsupported_grant_type", error_description: "only client_credentials is supported" });
    }
    const { clientId, clientSecret, tokenTtlSeconds, environment } = state.config;
    if (parsed.data.client_id !== clientId || parsed.data.client_secret !== clientSecret) {
      return sendJson(response, 401, { error: "access_denied", error_description: "Unauthorized" });
    }
    const token = state.tokens.issue(plan.tokenLifetimeSeconds ?? tokenTtlSeconds);
    sendJson(response, 200, {
      access_token: token,
      expires_in: tokenTtlSeconds,
      token_type: "Bearer",
      scope: `environment:${environment}`,
    });
  },
};
