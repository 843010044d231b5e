/**
 * `grafx-order-handling` logic 2: a GraFx token for this execution (LocalStorage cache, else the
 * token endpoint), kept in the session only and never logged.
 */
import type { GenericContext, RailwayError } from "@fstnetwork/loc-logic-sdk";
import { locAgents } from "../lib/loc-agents";
import { authenticate } from "../lib/steps/authenticate";
import { logLogicError } from "../lib/steps/log-logic-error";

export async function run(_ctx: GenericContext): Promise<void> {
  await authenticate(locAgents);
}

export async function handleError(_ctx: GenericContext, error: RailwayError): Promise<void> {
  logLogicError(locAgents.log, "authenticate", error);
}
