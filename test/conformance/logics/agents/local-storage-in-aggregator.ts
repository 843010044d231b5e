/** LocalStorageAgent is for generic logics: from the aggregator it fails. */
import { LocalStorageAgent, ResultAgent, type AggregatorContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: AggregatorContext) {
  try {
    await LocalStorageAgent.get("fstnetwork");
    ResultAgent.finalize({ refused: false });
  } catch (error) {
    ResultAgent.finalize({ refused: true, message: (error as Error).message });
  }
}

async function handleError(_ctx: AggregatorContext, error: RailwayError) {
  ResultAgent.finalize({ railway: error.message });
}

Object.assign(globalThis, { run, handleError });
