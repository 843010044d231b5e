import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { stableUuid } from "../api-route/stable-uuid";

/** The request path a scheduled execution's payload shows, so a logic can tell where it came from. */
export const SCHEDULE_PATH = "/schedule";

/**
 * What a tick delivers: an `http`-shaped payload with an empty body (the order data process reads an
 * empty body as "re-check the pending orders"), as if `POST /schedule` had been called with nothing.
 */
export function buildSchedulePayload(cron: string, requestId: string): Payload {
  return {
    http: {
      apiGatewayIdentityContext: { id: stableUuid("api-gateway:loc-local"), name: "loc-local" },
      apiRouteIdentityContext: { id: stableUuid(`schedule:${cron}`), name: `schedule ${cron}` },
      requestId,
      request: {
        host: "localhost",
        path: SCHEDULE_PATH,
        query: "",
        scheme: "http",
        method: "POST",
        version: "HTTP/1.1",
        headers: {},
        data: [],
      },
    },
  };
}
