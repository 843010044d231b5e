/**
 * `grafx-order-handling` logic 2: gets the GraFx token (LocalStorage cache, else the token
 * endpoint; never logged), checks every order's output task with bounded concurrency, downloads
 * finished outputs into the `orders` file storage, and retires their pending records.
 */
import type { GenericContext, RailwayError } from "@fstnetwork/loc-logic-sdk";
import { locAgents } from "../lib/loc-agents";
import { logLogicError } from "../lib/steps/log-logic-error";
import { processOrders } from "../lib/steps/process-orders";

export async function run(_ctx: GenericContext): Promise<void> {
  await processOrders(locAgents);
}

export async function handleError(_ctx: GenericContext, error: RailwayError): Promise<void> {
  logLogicError(locAgents.log, "process-orders", error);
}
