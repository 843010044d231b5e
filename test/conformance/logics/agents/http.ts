/**
 * As the SDK's HTTP test: GET, POST, PUT (a `Request` built with a bare path), PATCH and DELETE
 * through the `test-http-server` HTTP agent, each response's status, headers and body kept in
 * the session under `<METHOD>.status` / `.headers` / `.body`.
 */
import { GenericLogic, HttpAgent, Logic, LoggingAgent, SessionStorageAgent, type RailwayError } from "@fstnetwork/logic";

function headersOf(resp: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of resp.headers) {
    headers[key] = value;
  }
  return headers;
}

@Logic()
export default class TestHttp extends GenericLogic {
  async run() {
    LoggingAgent.info("test TestHttp");

    await this.testHttpGet();
    await this.testHttpPost();
    await this.testHttpPut();
    await this.testHttpPatch();
    await this.testHttpDelete();

    LoggingAgent.info("complete TestHttp");
  }

  async handleError(error: RailwayError) {
    LoggingAgent.error(`${error.name}: ${error.message}`);
  }

  async testHttpGet() {
    const httpAgent = await HttpAgent.acquire("test-http-server");
    const resp = await httpAgent.fetch("/resource");

    await SessionStorageAgent.putJson("GET.status", resp.status);
    await SessionStorageAgent.putJson("GET.headers", headersOf(resp));
    await SessionStorageAgent.putByteArray("GET.body", await resp.text());
  }

  async testHttpPost() {
    const httpAgent = await HttpAgent.acquire("test-http-server");

    const myHeaders = new Headers();
    myHeaders.append("Content-Type", "application/json");

    const resp = await httpAgent.fetch("/resource", {
      method: "POST",
      headers: myHeaders,
      // {"a":33}
      body: new Uint8Array([123, 34, 97, 34, 58, 51, 51, 125]),
    });

    await SessionStorageAgent.putJson("POST.status", resp.status);
    await SessionStorageAgent.putJson("POST.headers", headersOf(resp));
    await SessionStorageAgent.putByteArray("POST.body", await resp.text());
  }

  async testHttpPut() {
    const httpAgent = await HttpAgent.acquire("test-http-server");

    const request = new Request("/resource/1", {
      method: "PUT",
      headers: {
        "content-type": "application/json",
      },
      body: '{"data1":"put mock data1","data2":"put mock data2"}',
    });
    await SessionStorageAgent.putString("PUT.requestUrl", request.url);
    const resp = await httpAgent.fetch(request);

    await SessionStorageAgent.putJson("PUT.status", resp.status);
    await SessionStorageAgent.putJson("PUT.headers", headersOf(resp));
    await SessionStorageAgent.putJson("PUT.body", await resp.json());
  }

  async testHttpPatch() {
    const httpAgent = await HttpAgent.acquire("test-http-server");

    const resp = await httpAgent.fetch("/resource/1", {
      method: "PATCH",
      headers: {
        "content-type": "application/json",
      },
      body: '{"data1":"put mock data1"}',
    });

    await SessionStorageAgent.putJson("PATCH.status", resp.status);
    await SessionStorageAgent.putJson("PATCH.headers", headersOf(resp));
    await SessionStorageAgent.putByteArray("PATCH.body", new Uint8Array(await resp.arrayBuffer()));
  }

  async testHttpDelete() {
    const httpAgent = await HttpAgent.acquire("test-http-server");

    const resp = await httpAgent.fetch("/resource/1", {
      method: "DELETE",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        userName: "test@gmail.com",
        password: "Password!",
        grant_type: "password",
      }),
    });

    await SessionStorageAgent.putJson("DELETE.status", resp.status);
    await SessionStorageAgent.putJson("DELETE.headers", headersOf(resp));
    await SessionStorageAgent.putByteArray("DELETE.body", await resp.text());
  }
}
