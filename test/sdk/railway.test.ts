import { afterEach, describe, expect, it } from "vitest";
import { Railway, RailwayError } from "@fstnetwork/loc-logic-sdk";
import { installFakeDeno, type FakeDeno } from "./fakeDeno";

let deno: FakeDeno;
afterEach(() => deno.restore());

describe("Railway", () => {
  it("switches with an Error's own name and message", async () => {
    deno = installFakeDeno();
    await Railway.switch(new TypeError("order o-1 has no items"));
    expect(deno.callsOf("op_railway_switch")).toEqual([[{ name: "TypeError", message: "order o-1 has no items" }]]);
  });

  it.each([
    ["a string", "oops", "oops"],
    ["a number", 42, "42"],
    ["an object", { code: 1 }, "[object Object]"],
    ["undefined", undefined, "undefined"],
    ["a symbol", Symbol("s"), "Symbol(s)"],
  ])("turns %s into a CustomError with its text", async (_what, thrown, message) => {
    deno = installFakeDeno();
    await Railway.switch(thrown);
    expect(deno.callsOf("op_railway_switch")).toEqual([[{ name: "CustomError", message }]]);
  });

  it("returns the railway's error as a RailwayError naming the failing logic", async () => {
    deno = installFakeDeno({
      op_railway_is_ok: () => false,
      op_railway_get_error: () => ({ name: "CustomError", message: "boom", logicPermanentIdentity: "p-1", logicRevision: 3 }),
    });
    expect(await Railway.isOk()).toBe(false);
    const error = await Railway.getError();
    expect(error).toBeInstanceOf(RailwayError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "CustomError", message: "boom", logicPermanentIdentity: "p-1", logicRevision: 3 });
  });
});
