import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../../lib/settings";

const from = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("loadSettings", () => {
  it("defaults every variable", () => {
    expect(loadSettings(from({}))).toEqual({
      clientId: null,
      clientSecret: null,
      environment: null,
      audience: "https://chiligrafx.com",
      concurrency: 16,
      downloadConcurrency: 4,
      maxOrders: 1000,
      maxDownloadBytes: 512 * 1024 * 1024,
      maxPendingAgeSeconds: 86400,
      maxAttempts: 4,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 8000,
      maxRetryAfterSeconds: 30,
      requestTimeoutMs: 30_000,
      timeBudgetMs: 240_000,
      allowInsecureLoopback: true,
    });
  });

  it("reads set values, an empty value counting as unset", () => {
    const settings = loadSettings(
      from({ GRAFX_CLIENT_ID: "id", GRAFX_ENVIRONMENT: "acme", CONCURRENCY: " 4 ", MAX_ORDERS: "", ALLOW_INSECURE_LOOPBACK: "false" }),
    );
    expect(settings).toMatchObject({ clientId: "id", environment: "acme", concurrency: 4, maxOrders: 1000, allowInsecureLoopback: false });
  });

  it("names every bad variable in one error", () => {
    const load = () => loadSettings(from({ CONCURRENCY: "0", MAX_DOWNLOAD_BYTES: "lots", ALLOW_INSECURE_LOOPBACK: "maybe", GRAFX_ENVIRONMENT: "../x" }));
    expect(load).toThrow(SettingsError);
    expect(load).toThrow(/logic variable CONCURRENCY: expected an integer from 1 to 256, got "0"/);
    expect(load).toThrow(/logic variable MAX_DOWNLOAD_BYTES: expected an integer/);
    expect(load).toThrow(/logic variable ALLOW_INSECURE_LOOPBACK: expected "true" or "false"/);
    expect(load).toThrow(/logic variable GRAFX_ENVIRONMENT: /);
  });
});
