/**
 * LOC's HTTP agent takes a path only: a full URL (as a string, or as a `Request`) and a
 * scheme-relative `//host/…` throw instead of going anywhere. The URLs come from FULL_URL.
 */
import { HttpAgent, LogicVariable, SessionStorageAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function attempt(fetchIt: () => Promise<Response>): Promise<unknown> {
  try {
    const resp = await fetchIt();
    return { fetched: resp.status };
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

async function run(_ctx: GenericContext) {
  const httpAgent = await HttpAgent.acquire("test-http-server");
  const fullUrl = LogicVariable.get("FULL_URL") ?? "";
  const schemeRelative = fullUrl.replace(/^https?:/, "");

  await SessionStorageAgent.putJson("fullUrl", {
    string: await attempt(() => httpAgent.fetch(fullUrl)),
    request: await attempt(() => httpAgent.fetch(new Request(fullUrl, { method: "POST", body: "{}" }))),
    schemeRelative: await attempt(() => httpAgent.fetch(schemeRelative)),
    path: await attempt(() => httpAgent.fetch("/resource?after=full-urls")),
  });
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  await SessionStorageAgent.putJson("fullUrl", { railway: error.message });
}

Object.assign(globalThis, { run, handleError });
