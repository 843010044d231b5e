import { describe, expect, it } from "vitest";
import { REDACTED, redactText, redactValue } from "../../runtime/redact";

describe("redactText", () => {
  it.each([
    ["Authorization: Bearer abc.def-ghi", `Authorization: ${REDACTED}`],
    ['{"Authorization":"Bearer abc.def"}', `{"Authorization":"${REDACTED}"}`],
    ['{"authorization": "Basic dXNlcjpwYXNz"}', `{"authorization": "${REDACTED}"}`],
    ["sent Bearer eyJhbGciOi.x.y to the API", `sent Bearer ${REDACTED} to the API`],
    ['["authorization","Basic dXNlcjpwYXNz"]', `["authorization","${REDACTED}"]`],
    ['[["authorization","sk-live-123"],["accept","*/*"]]', `[["authorization","${REDACTED}"],["accept","*/*"]]`],
    ["grant_type=client_credentials&client_secret=s3cr3t&x=1", `grant_type=client_credentials&client_secret=${REDACTED}&x=1`],
    ['{"access_token":"tok-123","expires_in":3600}', `{"access_token":"${REDACTED}","expires_in":3600}`],
    ["access_token: tok-123", `access_token: ${REDACTED}`],
    ["token=abc123", `token=${REDACTED}`],
    ["'token': 'abc'", `'token': '${REDACTED}'`],
    ['{"refresh_token":"r","id_token":"i"}', `{"refresh_token":"${REDACTED}","id_token":"${REDACTED}"}`],
    ["taskToken=keep&tokenizer=keep", "taskToken=keep&tokenizer=keep"],
    // An error body echoing a token, inside a JSON log line (issue 10): JSON-escaped, then once more.
    ['{"error":"GraFx answered 500: {\\"access_token\\":\\"eyJ0b2s\\"}"}', `{"error":"GraFx answered 500: {\\"access_token\\":\\"${REDACTED}\\"}"}`],
    ['"{\\\\\\"access_token\\\\\\":\\\\\\"eyJ0b2s\\\\\\"}"', `"{\\\\\\"access_token\\\\\\":\\\\\\"${REDACTED}\\\\\\"}"`],
    ["next=%2Fcb%3Faccess_token%3DeyJ0b2s%26x%3D1", `next=%2Fcb%3Faccess_token%3D${REDACTED}%26x%3D1`],
    ["body=%7b%22client_secret%22%3a%22s3cr3t%22%7d", `body=%7b%22client_secret%22%3a%22${REDACTED}%22%7d`],
    ["session_token=abc x-auth-token: def", `session_token=${REDACTED} x-auth-token: ${REDACTED}`],
    ['{"access_token":null,"token":""}', '{"access_token":null,"token":""}'],
    ["nothing to hide here", "nothing to hide here"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
    // Logs are redacted when written and again within the stored record: it must be stable.
    expect(redactText(expected)).toBe(expected);
  });

  it("replaces every configured secret, also JSON-escaped and URL-encoded", () => {
    const secret = 'p@ss/wo"rd';
    const text = `raw ${secret}, json ${JSON.stringify(secret)}, url ${encodeURIComponent(secret)}`;
    const redacted = redactText(text, [secret]);
    expect(redacted).not.toContain("wo");
    expect(redacted).toBe(`raw ${REDACTED}, json "${REDACTED}", url ${REDACTED}`);
  });

  it("replaces a configured secret nested and encoded: JSON inside JSON, form-encoded with +, lower-case hex, \\u escapes", () => {
    const secret = 'pa ss+"wörd%';
    const forms = [
      JSON.stringify(JSON.stringify(secret)),
      new URLSearchParams({ s: secret }).toString(),
      encodeURIComponent(secret).toLowerCase(),
      JSON.stringify(secret).replace("ö", "\\u00F6"),
      encodeURIComponent(JSON.stringify({ s: secret })),
    ];
    for (const form of forms) {
      const redacted = redactText(`before ${form} after`, [secret]);
      expect(redacted).not.toMatch(/ss|rd/);
      expect(redacted).toMatch(/^before .*\[REDACTED\].* after$/);
    }
  });

  it("leaves a redacted secret alone when a key pattern matches around it", () => {
    const once = redactText("client_secret=s3cr3t&x=1", ["s3cr3t"]);
    expect(once).toBe(`client_secret=${REDACTED}&x=1`);
    expect(redactText(once, ["s3cr3t"])).toBe(once);
  });

  it("ignores empty secrets", () => {
    expect(redactText("abc", [""])).toBe("abc");
  });
});

describe("redactValue", () => {
  it("redacts sensitive keys and secrets deeply, without changing the input", () => {
    const input = { headers: { Authorization: "Basic x" }, list: ["the secret is hunter2"], nested: { token: 5, count: 2 } };
    expect(redactValue(input, ["hunter2"])).toEqual({
      headers: { Authorization: REDACTED },
      list: [`the secret is ${REDACTED}`],
      nested: { token: REDACTED, count: 2 },
    });
    expect(input.headers.Authorization).toBe("Basic x");
  });
});
