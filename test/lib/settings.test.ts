import { describe, expect, it } from "vitest";
import { loadSettings, SettingsError } from "../../lib/settings";

const from = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("loadSettings", () => {
  it("defaults every variable", () => {
    expect(loadSettings(from({}))).toEqual({
      apiBaseUrl: null,
      downloadBaseUrl: null,
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
      // Fits LOC's default 180 s execution timeout: 120 s + one 30 s request + 30 s margin.
      timeBudgetMs: 120_000,
      allowInsecureLoopback: true,
    });
  });

  it("reads set values, an empty value counting as unset", () => {
    const settings = loadSettings(
      from({ GRAFX_CLIENT_ID: "id", GRAFX_ENVIRONMENT: "acme", CONCURRENCY: " 4 ", MAX_ORDERS: "", ALLOW_INSECURE_LOOPBACK: "false" }),
    );
    expect(settings).toMatchObject({ clientId: "id", environment: "acme", concurrency: 4, maxOrders: 1000, allowInsecureLoopback: false });
  });

  it("reads the agents' base URLs, an empty one counting as unset", () => {
    const settings = loadSettings(from({ GRAFX_BASE_URL: "https://Tenant.ChiliGrafx.com", GRAFX_DOWNLOAD_BASE_URL: "" }));
    expect(settings).toMatchObject({ apiBaseUrl: "https://tenant.chiligrafx.com/", downloadBaseUrl: null });
    expect(loadSettings(from({ GRAFX_DOWNLOAD_BASE_URL: "http://127.0.0.1:4011/files" })).downloadBaseUrl).toBe("http://127.0.0.1:4011/files");
  });

  it.each(["cdn.example", "ftp://cdn.example", "https://cdn.example/?sig=1", "https://user:pw@cdn.example", "https://cdn.example/#x"])(
    "refuses %s as a base URL",
    (value) => {
      expect(() => loadSettings(from({ GRAFX_DOWNLOAD_BASE_URL: value }))).toThrow(
        /logic variable GRAFX_DOWNLOAD_BASE_URL: expected an http\(s\) base URL without query, fragment or credentials/,
      );
    },
  );

  it("echoes no credential or query of a refused base URL", () => {
    const load = () => loadSettings(from({ GRAFX_DOWNLOAD_BASE_URL: "https://user:pa55word@cdn.example/x?sig=s3cret" }));
    expect(load).toThrow(/got "https:\/\/…@cdn\.example\/x\?…"/);
    expect(load).not.toThrow(/pa55word|s3cret/);
  });

  it("keeps the time budget and request timeout within what one LOC execution can last", () => {
    expect(() => loadSettings(from({ TIME_BUDGET_SECONDS: "301" }))).toThrow(/TIME_BUDGET_SECONDS: expected an integer from 1 to 300/);
    expect(() => loadSettings(from({ REQUEST_TIMEOUT_SECONDS: "301" }))).toThrow(/REQUEST_TIMEOUT_SECONDS: expected an integer from 1 to 300/);
  });

  it("names every bad variable in one error", () => {
    const load = () => loadSettings(from({ CONCURRENCY: "0", MAX_DOWNLOAD_BYTES: "lots", ALLOW_INSECURE_LOOPBACK: "maybe", GRAFX_ENVIRONMENT: "../x" }));
    expect(load).toThrow(SettingsError);
    expect(load).toThrow(/logic variable CONCURRENCY: expected an integer from 1 to 256, got "0"/);
    expect(load).toThrow(/logic variable MAX_DOWNLOAD_BYTES: expected an integer/);
    expect(load).toThrow(/logic variable ALLOW_INSECURE_LOOPBACK: expected "true" or "false"/);
    expect(load).toThrow(/logic variable GRAFX_ENVIRONMENT: expected 1 to 64 letters/);
  });

  it("refuses an audience that is no URL, and what its integers and flags cannot hold", () => {
    expect(() => loadSettings(from({ GRAFX_AUDIENCE: "chiligrafx" }))).toThrow(/logic variable GRAFX_AUDIENCE: expected a URL, got "chiligrafx"/);
    expect(() => loadSettings(from({ MAX_DOWNLOAD_BYTES: "99999999999999999999" }))).toThrow(/MAX_DOWNLOAD_BYTES: expected an integer from 1 to/);
    expect(() => loadSettings(from({ MAX_ATTEMPTS: "1.5" }))).toThrow(/MAX_ATTEMPTS: expected an integer from 1 to 20/);
    expect(() => loadSettings(from({ ALLOW_INSECURE_LOOPBACK: "constructor" }))).toThrow(/ALLOW_INSECURE_LOOPBACK: expected "true" or "false"/);
    expect(loadSettings(from({ ALLOW_INSECURE_LOOPBACK: "No", GRAFX_AUDIENCE: "https://example.test/api" }))).toMatchObject({ allowInsecureLoopback: false, audience: "https://example.test/api" });
  });
});
