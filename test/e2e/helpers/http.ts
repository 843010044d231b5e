/** A request to the API route server: status, headers and the JSON body. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  // The answers' shapes are what the tests assert; typing them here would only restate those assertions.
  body: any;
}

export async function requestJson(url: string, init: RequestInit = {}): Promise<JsonAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** POSTs `body` (a value is sent as JSON, a string as is). */
export function postJson(url: string, body: unknown): Promise<JsonAnswer> {
  return requestJson(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
