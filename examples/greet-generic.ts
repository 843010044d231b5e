/** A generic logic in the function form: reads the request body, keeps a greeting in the session. */
import { LoggingAgent, SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

export async function run(ctx: GenericContext) {
  const payload = await ctx.payload();
  const body = "http" in payload ? JSON.parse(new TextDecoder().decode(new Uint8Array(payload.http.request.data))) : {};
  LoggingAgent.info({ greeting: "for", name: body.name });
  await SessionStorageAgent.putJson("greeting", { text: `Hello, ${body.name ?? "world"}!` });
}

export async function handleError(_ctx: GenericContext, error: RailwayError) {
  LoggingAgent.error(`greet failed: ${error.message}`);
}
