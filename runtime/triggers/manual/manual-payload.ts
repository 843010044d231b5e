/**
 * The manual trigger's payload (CLI `execute`, the console's run and re-run): the user's JSON as the
 * body of an http-shaped payload, as LOC Studio's manual execution hands it to the logics.
 */
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { stableUuid } from "../../executor/logic-identity";

const MANUAL_IDENTITY = { id: stableUuid("loc-local:manual-trigger"), name: "manual" };

export function manualPayload(jsonText: string, executionId: string): Payload {
  return {
    http: {
      apiGatewayIdentityContext: MANUAL_IDENTITY,
      apiRouteIdentityContext: MANUAL_IDENTITY,
      requestId: executionId,
      request: {
        host: "localhost",
        path: "/manual",
        query: "",
        scheme: "http",
        method: "POST",
        version: "HTTP/1.1",
        headers: { "content-type": "application/json" },
        data: [...new TextEncoder().encode(jsonText)],
      },
    },
  };
}
