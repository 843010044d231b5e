import type {} from "../host/deno";
import { RailwayError } from "./railwayError";

/** The execution's error flow: ok until a logic fails, then every later logic gets the error. */
export class Railway {
  static async isOk(): Promise<boolean> {
    return Deno.core.opAsync("op_railway_is_ok");
  }

  /** A thrown non-Error becomes `CustomError` with the value's text as message. */
  static async switch(error: unknown): Promise<void> {
    const record =
      error instanceof Error
        ? { name: error.name, message: error.message }
        : { name: "CustomError", message: String(error) };
    await Deno.core.opAsync("op_railway_switch", record);
  }

  static async getError(): Promise<RailwayError> {
    const { name, message, logicPermanentIdentity, logicRevision } = await Deno.core.opAsync("op_railway_get_error");
    return new RailwayError(name, message, logicPermanentIdentity, logicRevision);
  }
}
