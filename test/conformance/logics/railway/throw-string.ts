/** Throws a string, not an Error: the railway carries it as a CustomError with the string as message. */
import { LoggingAgent, type GenericContext, type RailwayError } from "@fstnetwork/loc-logic-sdk";

async function run(_ctx: GenericContext) {
  throw "order 42 is out of stock";
}

async function handleError(_ctx: GenericContext, error: RailwayError) {
  LoggingAgent.info({ name: error.name, message: error.message, isError: error instanceof Error });
}

Object.assign(globalThis, { run, handleError });
