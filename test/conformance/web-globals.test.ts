/**
 * The web globals a LOC logic isolate has (Deno's web extensions, `Deno.core.encode` / `decode`),
 * exercised from logics as the SDK's own deno_extension tests do — and nothing of Node's.
 */
import { describe, expect, it } from "vitest";
import { logsOf, runOnce } from "./harness";

const utf8 = (text: string) => ({ bytes: Array.from(new TextEncoder().encode(text)) });

describe("web globals", () => {
  it("URL and URLSearchParams, as the SDK's url test", async () => {
    const keys = ["baseURL_href", "withPath_href", "withPath_protocol", "withPath_host", "searchParams_a", "searchParams_c", "searchParams_string"];
    const record = await runOnce({ generic: ["web/url.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: keys.join(",") } });
    expect(record.result).toEqual({
      session: {
        baseURL_href: "https://fst.dev/",
        withPath_href: "https://fst.dev/fst-quick-start/",
        withPath_protocol: "https:",
        withPath_host: "fst.dev",
        searchParams_a: "Apple",
        searchParams_c: "California",
        searchParams_string: "a=Apple&b=Banana&c=California",
      },
    });
    expect(logsOf(record, "url")).toEqual([{ level: "info", message: "test TestUrl" }]);
  });

  it("atob / btoa, Deno.core.encode / decode, TextEncoder / TextDecoder, Blob and FileReader, as the SDK's web test", async () => {
    const keys = [
      "base64EncodeText",
      "base64PlainText_uint8Array",
      "base64PlainText_string",
      "uint8array",
      "string",
      "denoCoreDecode",
      "blob_size",
      "blob_type",
      "fileReader_result",
    ];
    const record = await runOnce({ generic: ["web/web.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: keys.join(",") } });
    expect(record.result).toEqual({
      session: {
        base64EncodeText: utf8("aGVsbG8gd29ybGQ="),
        base64PlainText_uint8Array: utf8("hello world"),
        base64PlainText_string: utf8("Magic"),
        uint8array: utf8("Hi 你好 🐳"),
        string: "Hi 你好 🐳",
        denoCoreDecode: "Hi 你好 🐳",
        blob_size: 17,
        blob_type: "application/json",
        fileReader_result: '{"hello":"world"}',
      },
    });
    expect(logsOf(record, "web")).toEqual([{ level: "info", message: "test TestWeb" }]);
  });

  it("File, URLPattern, MessageChannel, structuredClone, streams, AbortController, Headers / Request / Response; no Node or browser extras", async () => {
    const record = await runOnce({ generic: ["web/platform.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: "platform" } });
    expect(record.result).toEqual({
      session: {
        platform: {
          file: { name: "orders.txt", size: 13, type: "text/plain", lastModified: 1_700_000_000_000, text: "line 1\nline 2", isBlob: true },
          urlPattern: { matches: true, groups: { id: "42", item: "7" } },
          messageChannel: { order: 7, at: "1970-01-01T00:00:00.000Z" },
          structuredClone: {
            when: "1970-01-02T00:00:00.000Z",
            ids: [1, 2],
            copyA: [1, 2],
            originalA: [1],
            bytes: [1, 2, 3],
            distinct: true,
          },
          streams: { chunks: ["ORDER ", "SEVEN ", "SHIPPED"], encoded: "streamed bytes" },
          abort: { aborted: true, reason: "stop the batch", timeoutSignal: "function" },
          fetchTypes: {
            headers: [
              ["content-type", "application/json"],
              ["x-order", "7"],
            ],
            request: { url: "/resource/1", method: "PUT", contentType: "application/json", body: { qty: 2 } },
            response: { status: 201, ok: true, answer: "yes", body: { ok: true } },
          },
          absent: {
            process: "undefined",
            require: "undefined",
            Buffer: "undefined",
            global: "undefined",
            setImmediate: "undefined",
            fetch: "undefined",
            WebSocket: "undefined",
            Worker: "undefined",
            navigator: "undefined",
            postMessage: "undefined",
          },
        },
      },
    });
  });
});

describe("the event loop after run", () => {
  it("lets a timer and a host operation the logic did not await finish before the next logic", async () => {
    const record = await runOnce({ generic: ["web/unawaited-work.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: "late" } });
    expect(record.result).toEqual({ session: { late: "written after run returned" } });
  });
});
