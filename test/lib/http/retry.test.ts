import { describe, expect, it } from "vitest";
import { backoffDelayMs, parseRetryAfter, withRetries, type Attempt, type RetryPolicy } from "../../../lib/http/retry";
import { FakeClock } from "../fakes";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 4000, maxRetryAfterMs: 30_000 };

type Result = Attempt<string, string>;
const transient: Result = { ok: false, failure: "503", retryable: true };

function scripted(results: Result[]) {
  const calls: number[] = [];
  const attempt = async (n: number) => {
    calls.push(n);
    return results[Math.min(n - 1, results.length - 1)]!;
  };
  return { attempt, calls };
}

describe("backoffDelayMs", () => {
  it("doubles each retry up to the cap, half of it jittered", () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, policy, () => 0))).toEqual([250, 500, 1000, 2000, 2000]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, policy, () => 0.999999))).toEqual([500, 1000, 2000, 4000, 4000]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each<[string | null, number | undefined]>([
    ["7", 7000],
    [" 0 ", 0],
    ["Wed, 01 Jan 2025 00:00:30 GMT", 30_000],
    ["Tue, 31 Dec 2024 23:00:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    [null, undefined],
  ])("%j → %s ms", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe("withRetries", () => {
  it("retries transient failures with growing waits until one succeeds", async () => {
    const clock = new FakeClock(0, 0);
    const { attempt, calls } = scripted([transient, transient, { ok: true, value: "done" }]);
    await expect(withRetries(attempt, policy, clock)).resolves.toEqual({ ok: true, value: "done", attempts: 3 });
    expect(calls).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it("stops after MAX_ATTEMPTS and reports the last failure", async () => {
    const clock = new FakeClock(0, 0);
    const { attempt, calls } = scripted([transient]);
    await expect(withRetries(attempt, policy, clock)).resolves.toEqual({ ok: false, failure: "503", attempts: 4, retryAfterMs: undefined });
    expect(calls).toHaveLength(4);
  });

  it("does not retry a failure that is not retryable", async () => {
    const clock = new FakeClock();
    const { attempt, calls } = scripted([{ ok: false, failure: "404", retryable: false }]);
    await expect(withRetries(attempt, policy, clock)).resolves.toMatchObject({ ok: false, failure: "404", attempts: 1 });
    expect(calls).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it("waits exactly what Retry-After asks", async () => {
    const clock = new FakeClock();
    const { attempt } = scripted([{ ok: false, failure: "429", retryable: true, retryAfterMs: 7000 }, { ok: true, value: "done" }]);
    await withRetries(attempt, policy, clock);
    expect(clock.sleeps).toEqual([7000]);
  });

  it("does not wait for a Retry-After longer than allowed, and reports it", async () => {
    const clock = new FakeClock();
    const { attempt, calls } = scripted([{ ok: false, failure: "429", retryable: true, retryAfterMs: 120_000 }]);
    await expect(withRetries(attempt, policy, clock)).resolves.toEqual({ ok: false, failure: "429", attempts: 1, retryAfterMs: 120_000 });
    expect(calls).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it("does not wait past the deadline", async () => {
    const clock = new FakeClock(0, 0);
    const { attempt, calls } = scripted([transient]);
    await expect(withRetries(attempt, policy, clock, 600)).resolves.toMatchObject({ ok: false, attempts: 2 });
    expect(calls).toEqual([1, 2]);
    expect(clock.sleeps).toEqual([250]);
  });

  it("retries at once when asked to (after a token refresh)", async () => {
    const clock = new FakeClock();
    const { attempt } = scripted([{ ok: false, failure: "401", retryable: true, retryAfterMs: 0 }, { ok: true, value: "done" }]);
    await expect(withRetries(attempt, policy, clock)).resolves.toMatchObject({ ok: true, attempts: 2 });
    expect(clock.sleeps).toEqual([]);
  });
});
