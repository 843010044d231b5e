import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFinal, pickStatusCode, STATUS_POLICY, stateOf, statusCodeFor, type OutcomeKind } from "../../../lib/status/status-policy";

describe("status table", () => {
  // The table, row by row, plus the rows this project adds (expired, bad-response, internal-error).
  it.each<[OutcomeKind, number, string, boolean]>([
    ["downloaded", 200, "downloaded", true],
    ["pending", 202, "pending", false],
    ["rejected", 400, "rejected", true],
    ["unknown-task", 404, "failed", true],
    ["task-failed", 502, "failed", true],
    ["unreachable", 504, "failed", false],
    ["rate-limited", 503, "failed", false],
    ["credentials-refused", 502, "failed", false],
    ["too-large", 502, "failed", true],
    ["storage-failed", 500, "failed", false],
    ["expired", 504, "expired", true],
    ["bad-response", 502, "failed", false],
    ["internal-error", 500, "failed", false],
  ])("%s answers %i, state %s, final %s", (kind, code, state, final) => {
    expect(statusCodeFor(kind)).toBe(code);
    expect(stateOf(kind)).toBe(state);
    expect(isFinal(kind)).toBe(final);
  });

  it("has a row for every outcome and nothing else", () => {
    expect(Object.keys(STATUS_POLICY)).toHaveLength(13);
  });
});

describe("pickStatusCode", () => {
  it.each<[number[], number]>([
    [[200, 503, 500], 503],
    [[404, 302], 404],
    [[200, 400], 400],
    [[202, 200], 202],
    [[200, 202, 404, 502], 502],
    [[500, 504, 400], 504],
    [[301, 204], 301],
    [[], 200],
  ])("%j → %i", (codes, expected) => {
    expect(pickStatusCode(codes)).toBe(expected);
  });

  const code = fc.integer({ min: 200, max: 599 });
  const classOf = (value: number) => Math.floor(value / 100);

  it("always picks one of the codes, and no code has a higher priority", () => {
    fc.assert(
      fc.property(fc.array(code, { minLength: 1, maxLength: 30 }), (codes) => {
        const picked = pickStatusCode(codes);
        expect(codes).toContain(picked);
        for (const other of codes) {
          expect(classOf(other) > classOf(picked) || (classOf(other) === classOf(picked) && other > picked)).toBe(false);
        }
      }),
    );
  });

  it("does not depend on the order of the codes", () => {
    fc.assert(
      fc.property(fc.array(code, { minLength: 1, maxLength: 30 }), (codes) => {
        expect(pickStatusCode([...codes].reverse())).toBe(pickStatusCode(codes));
      }),
    );
  });
});
