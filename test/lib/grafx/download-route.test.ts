import { describe, expect, it } from "vitest";
import { agentRequestUrl, downloadBasesOf, pathUnderBase, routeDownload, type DownloadBases } from "../../../lib/grafx/download-route";
import { SettingsError } from "../../../lib/settings";
import { agentUrl } from "../fakes";

const API = "https://api.chiligrafx.example";
const CDN = "https://cdn.example";
const both: DownloadBases = { api: API, download: CDN };
const apiOnly: DownloadBases = { api: API, download: null };

describe("routeDownload", () => {
  it("sends a link under GRAFX_BASE_URL through grafx-api, as a path, with the token", () => {
    expect(routeDownload(`${API}/grafx/api/v1/environment/acme/output/tasks/t/download?x=1`, both, false)).toEqual({
      kind: "agent",
      agent: "grafx-api",
      path: "/grafx/api/v1/environment/acme/output/tasks/t/download?x=1",
      withToken: true,
      shownUrl: `${API}/grafx/api/v1/environment/acme/output/tasks/t/download`,
    });
  });

  it("sends a link under GRAFX_DOWNLOAD_BASE_URL through grafx-download, without the token", () => {
    expect(routeDownload(`${CDN}/files/out.pdf?signature=abc`, both, false)).toEqual({
      kind: "agent",
      agent: "grafx-download",
      path: "/files/out.pdf?signature=abc",
      withToken: false,
      shownUrl: `${CDN}/files/out.pdf`,
    });
  });

  it.each([
    ["another host", "https://elsewhere.example/out.pdf?sig=1", "elsewhere.example"],
    ["the API host on another port", `${API}:8443/out.pdf`, "api.chiligrafx.example:8443"],
    ["a sub-domain of the API host", "https://files.api.chiligrafx.example/out.pdf", "files.api.chiligrafx.example"],
  ])("refuses a link on %s, naming the host and what to configure", (_what, link, host) => {
    const route = routeDownload(link, apiOnly, true);
    expect(route.kind).toBe("refused");
    const message = route.kind === "refused" ? route.message : "";
    expect(message).toContain(`on host ${host},`);
    expect(message).toContain("GRAFX_DOWNLOAD_BASE_URL");
    expect(message).toContain('"grafx-download" HTTP agent');
    expect(message).toContain(new URL(link).origin);
    expect(message).not.toContain("sig=1");
  });

  it("refuses a link on a third host even when a download agent exists, naming both base URLs", () => {
    const route = routeDownload("https://third.example/out.pdf", both, false);
    expect(route).toMatchObject({ kind: "refused", message: expect.stringContaining(`GRAFX_DOWNLOAD_BASE_URL ${CDN}/`) });
    expect(route).toMatchObject({ message: expect.stringContaining(`GRAFX_BASE_URL ${API}/`) });
  });

  it("keeps a link inside the base URL's path prefix, and refuses one beside it", () => {
    const prefixed: DownloadBases = { api: `${API}/tenant/`, download: `${CDN}/outputs` };
    expect(routeDownload(`${API}/tenant/files/1`, prefixed, false)).toMatchObject({ agent: "grafx-api", path: "/files/1", withToken: true });
    expect(routeDownload(`${CDN}/outputs/1.pdf`, prefixed, false)).toMatchObject({ agent: "grafx-download", path: "/1.pdf", withToken: false });
    expect(routeDownload(`${API}/tenantx/files/1`, prefixed, false)).toMatchObject({ kind: "refused" });
    expect(routeDownload(`${API}/other/files/1`, prefixed, false)).toMatchObject({ kind: "refused" });
    expect(routeDownload(`${CDN}/elsewhere/1.pdf`, prefixed, false)).toMatchObject({ kind: "refused" });
  });

  it("prefers grafx-api when both base URLs cover a link (the token may go to the API)", () => {
    expect(routeDownload(`${API}/files/1`, { api: API, download: API }, false)).toMatchObject({ agent: "grafx-api", withToken: true });
  });

  it("refuses a path an agent would read as a host", () => {
    expect(routeDownload(`${API}//evil.example/x`, both, false)).toMatchObject({ kind: "refused", message: expect.stringContaining('"//"') });
  });

  it("refuses a plain-http link that is not loopback, and plain http on loopback when ALLOW_INSECURE_LOOPBACK is false", () => {
    const http = routeDownload("http://cdn.example/output.pdf?signature=abc", { api: API, download: "http://cdn.example" }, true);
    expect(http).toMatchObject({ kind: "refused", message: expect.stringContaining("is not https") });
    expect(JSON.stringify(http)).not.toContain("signature=abc");
    const loopback: DownloadBases = { api: "http://127.0.0.1:9", download: null };
    expect(routeDownload("http://127.0.0.1:9/x", loopback, false)).toMatchObject({ kind: "refused" });
    expect(routeDownload("http://127.0.0.1:9/x", loopback, true)).toMatchObject({ kind: "agent", agent: "grafx-api", path: "/x" });
  });
});

describe("agent paths", () => {
  it.each([
    [API, `${API}/a/b?c=1`, "/a/b?c=1"],
    [`${API}/`, `${API}/a`, "/a"],
    [`${API}/p`, `${API}/p`, ""],
    [`${API}/p`, `${API}/p/`, "/"],
    [`${API}/p`, `${API}/q`, null],
    [API, `${CDN}/a`, null],
  ])("under %s, %s is fetched as %j", (base, link, path) => {
    expect(pathUnderBase(new URL(link), base)).toBe(path);
  });

  it("gives back the link itself once the agent appends the path to its base URL", () => {
    for (const [base, link] of [
      [API, `${API}/files/1?sig=x`],
      [`${API}/tenant`, `${API}/tenant/files/1`],
      [`${CDN}/outputs/`, `${CDN}/outputs/a/b.pdf?s=1`],
    ] as const) {
      const path = pathUnderBase(new URL(link), base)!;
      expect(agentUrl(base, path)).toBe(link);
      expect(agentRequestUrl(base, path).href).toBe(link);
    }
  });

  it("requests the token endpoint itself for the empty path", () => {
    const auth = "https://integration-login.chiligrafx.com/oauth/token";
    expect(agentRequestUrl(auth, "").href).toBe(auth);
    expect(agentUrl(auth, "")).toBe(auth);
  });
});

describe("downloadBasesOf", () => {
  it("needs GRAFX_BASE_URL, naming it and the agent it mirrors", () => {
    expect(() => downloadBasesOf({ apiBaseUrl: null, downloadBaseUrl: null })).toThrow(SettingsError);
    expect(() => downloadBasesOf({ apiBaseUrl: null, downloadBaseUrl: null })).toThrow(/GRAFX_BASE_URL.*"grafx-api"/);
    expect(downloadBasesOf({ apiBaseUrl: `${API}/`, downloadBaseUrl: null })).toEqual({ api: `${API}/`, download: null });
  });
});
