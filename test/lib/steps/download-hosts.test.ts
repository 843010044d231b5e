/**
 * Where a finished order's download goes, as LOC allows it: by path through an HTTP agent whose
 * base URL (mirrored by GRAFX_BASE_URL / GRAFX_DOWNLOAD_BASE_URL) covers the link, the token only
 * through `grafx-api`. Every execution here also fails if a full URL reached an agent.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../fakes";
import { API, CDN } from "./fake-grafx";
import { guid, newWorld, orderPayload, pendingPath, runExecution, type World } from "./run-execution";

let world: World;

beforeEach(() => {
  world = newWorld();
});

const downloadsOf = (requests: RecordedRequest[], n: number) => requests.filter((request) => request.url.includes(`/files/${guid(n)}`));

describe("download links and HTTP agents", () => {
  it("fetches a link on the API's base URL through grafx-api, as a path, with the token", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.result.orders[0]).toMatchObject({ state: "downloaded" });
    const [download] = downloadsOf(world.grafx.api.requests, 1);
    expect(download!.url).toBe(`${API}/files/${guid(1)}`);
    expect(download!.headers.get("authorization")).toMatch(/^Bearer tok-/);
    // Only needed agents are acquired: a data process without grafx-download works as long as no link needs it.
    expect(run.acquired).not.toContain("grafx-download");
  });

  it("fetches a link on the download base URL through grafx-download, as a path, never with the token", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", onCdn: true });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.result.orders[0]).toMatchObject({ state: "downloaded" });
    expect(world.grafx.download.requests).toHaveLength(1);
    expect(world.grafx.download.requests[0]!.headers.has("authorization")).toBe(false);
    expect(downloadsOf(world.grafx.api.requests, 1)).toEqual([]);
  });

  it("fails an order whose link is on a host no agent reaches (502, pending kept), and only that order", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", link: `https://elsewhere.example/files/${guid(1)}?sig=s3cret-sig` });
    world.grafx.tasks.set(guid(2), { state: "finished" });
    world.grafx.tasks.set(guid(3), { state: "finished", onCdn: true });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }, { taskId: guid(3) }] }));
    expect(run.statusCode).toBe(502);
    expect(run.result.summary).toMatchObject({ total: 3, downloaded: 2, failed: 1 });
    const [refused, ...others] = run.result.orders;
    expect(refused).toMatchObject({ taskId: guid(1), state: "failed", reason: "bad-response", statusCode: 502 });
    expect(refused!.error).toContain("on host elsewhere.example");
    expect(refused!.error).toContain("GRAFX_DOWNLOAD_BASE_URL");
    expect(refused!.error).toContain('"grafx-download" HTTP agent with base URL https://elsewhere.example');
    expect(refused!.error).not.toContain("s3cret-sig");
    expect(others.map((order) => order.state)).toEqual(["downloaded", "downloaded"]);
    expect(world.store.files.has(pendingPath(1))).toBe(true);
    expect(world.store.files.has(pendingPath(2)) || world.store.files.has(pendingPath(3))).toBe(false);
    // Nothing was asked of any host for it.
    expect(downloadsOf(world.grafx.allRequests, 1)).toEqual([]);
  });

  it("treats the download host as unknown when GRAFX_DOWNLOAD_BASE_URL is not set, and never acquires grafx-download", async () => {
    world.variables.GRAFX_DOWNLOAD_BASE_URL = "";
    world.grafx.tasks.set(guid(1), { state: "finished", onCdn: true });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(502);
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "bad-response", error: expect.stringContaining("on host cdn.grafx.example") });
    expect(run.result.orders[0]!.error).toContain("GRAFX_DOWNLOAD_BASE_URL is not set");
    expect(run.acquired).not.toContain("grafx-download");
    expect(world.grafx.download.requests).toEqual([]);
    expect(world.store.files.has(pendingPath(1))).toBe(true);

    // Once it is configured, the next re-check downloads the order.
    world.variables.GRAFX_DOWNLOAD_BASE_URL = CDN;
    const recheck = await runExecution(world, orderPayload(""));
    expect(recheck.result.orders[0]).toMatchObject({ taskId: guid(1), state: "downloaded" });
    expect(world.store.files.has(pendingPath(1))).toBe(false);
  });

  it("reports an order alone when GRAFX_DOWNLOAD_BASE_URL is set but the grafx-download agent cannot be acquired", async () => {
    world.grafx.tasks.set(guid(1), { state: "finished", onCdn: true });
    world.grafx.tasks.set(guid(2), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }] }), { withoutAgents: ["grafx-download"] });
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "bad-response", statusCode: 502, error: expect.stringContaining('needs the "grafx-download" HTTP agent') });
    expect(run.result.orders[1]).toMatchObject({ state: "downloaded" });
    expect(world.store.files.has(pendingPath(1))).toBe(true);
  });

  it("does not let the URL an answer claims to come from (a redirect) change where links or the token go", async () => {
    const redirected = "https://redirected.example";
    world.grafx.api.answerUrl = (request) => request.url.replace(API, redirected);
    world.grafx.tasks.set(guid(1), { state: "finished", link: `${redirected}/files/${guid(1)}` });
    world.grafx.tasks.set(guid(2), { state: "finished", link: `/files/${guid(2)}` });
    world.grafx.tasks.set(guid(3), { state: "finished", link: `${CDN}/files/${guid(3)}` });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }, { taskId: guid(2) }, { taskId: guid(3) }] }));
    // A link on the origin the answer claimed is not on the configured API: refused, nothing sent there.
    expect(run.result.orders[0]).toMatchObject({ state: "failed", reason: "bad-response", error: expect.stringContaining("on host redirected.example") });
    // A relative link resolves against GRAFX_BASE_URL, so it goes to the API with the token.
    expect(run.result.orders[1]).toMatchObject({ state: "downloaded" });
    expect(downloadsOf(world.grafx.api.requests, 2)[0]!.url).toBe(`${API}/files/${guid(2)}`);
    // The CDN gets no token even though the API "moved".
    expect(run.result.orders[2]).toMatchObject({ state: "downloaded" });
    expect(world.grafx.download.requests.every((request) => !request.headers.has("authorization"))).toBe(true);
    expect(world.grafx.allRequests.every((request) => !request.url.startsWith(redirected))).toBe(true);
  });

  it("ends with a 500 naming GRAFX_BASE_URL when it is not set and there are orders to check, keeping them pending", async () => {
    delete world.variables.GRAFX_BASE_URL;
    expect((await runExecution(world, orderPayload(""))).statusCode).toBe(200);
    world.grafx.tasks.set(guid(1), { state: "finished" });
    const run = await runExecution(world, orderPayload({ orders: [{ taskId: guid(1) }] }));
    expect(run.statusCode).toBe(500);
    expect(run.result.error).toMatchObject({ name: "SettingsError", message: expect.stringContaining("GRAFX_BASE_URL") });
    expect(world.store.files.has(pendingPath(1))).toBe(true);
  });
});
