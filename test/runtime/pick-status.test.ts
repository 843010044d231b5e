import { describe, expect, it } from "vitest";
import { pickStatusCode } from "../../runtime/executor/pick-status";
import { mergeByTopLevelKey } from "../../runtime/executor/merge-results";

describe("pickStatusCode", () => {
  it.each([
    [[200], 200],
    [[200, 503, 500], 503],
    [[404, 302], 404],
    [[400, 200], 400],
    [[500, 503], 503],
    [[302, 301, 200], 302],
    [[201, 204, 200], 204],
    [[202, 200], 202],
    [[499, 500], 500],
    [[599, 404, 302], 599],
    [[], 200],
  ])("%j → %i", (codes, expected) => {
    expect(pickStatusCode(codes)).toBe(expected);
  });
});

describe("mergeByTopLevelKey", () => {
  it("merges by top-level key, later values overwriting earlier ones", () => {
    expect(mergeByTopLevelKey([{ a: 1, shared: { x: 1 } }, { b: 2, shared: { y: 2 } }])).toEqual({ a: 1, b: 2, shared: { y: 2 } });
  });

  it("does not change its inputs", () => {
    const first = { a: 1 };
    mergeByTopLevelKey([first, { a: 2 }]);
    expect(first).toEqual({ a: 1 });
  });
});
