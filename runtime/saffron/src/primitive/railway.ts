import { RailwayError } from "./railwayError";

// Also true for an Error made in another realm, which `instanceof` would miss.
function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

/** The task's error track: ok until a logic throws, then every later logic gets the error. */
export class Railway {
  static async isOk(): Promise<boolean> {
    return Deno.core.opAsync("op_railway_is_ok");
  }

  /** Puts the railway in error; a thrown non-Error is reported as a `CustomError`. */
  static async switch(error: unknown): Promise<void> {
    const record = isError(error)
      ? { name: error.name, message: error.message }
      : { name: "CustomError", message: String(error) };
    await Deno.core.opAsync("op_railway_switch", record);
  }

  static async getError(): Promise<RailwayError> {
    const { name, message, logicPermanentIdentity, logicRevision } = await Deno.core.opAsync("op_railway_get_error");
    return new RailwayError(name, message, logicPermanentIdentity, logicRevision);
  }
}
