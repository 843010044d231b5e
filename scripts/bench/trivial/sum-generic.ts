/** The bench's trivial generic logic: sums `a` and `b` from the request body into the session. */
import { SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

export async function run(ctx: GenericContext) {
  const payload = await ctx.payload();
  const data = "http" in payload ? payload.http.request.data : [];
  const { a, b } = JSON.parse(new TextDecoder().decode(new Uint8Array(data))) as { a: number; b: number };
  await SessionStorageAgent.putJson("sum", a + b);
}

export async function handleError(_ctx: GenericContext, _error: RailwayError) {}
