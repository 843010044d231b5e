/**
 * The misbehaving-GraFx faults the fault suite relies on: a status call redirected to another
 * origin, a token echoed in an error body, a bogus download link.
 */
import { describe, expect, it } from "vitest";
import { outputSha256 } from "../../grafx-simulator";
import { parseFaultSpec } from "../../grafx-simulator/cli-args";
import { bearer, getToken, startSimulator, taskUrl } from "../grafx-simulator/helpers";

describe("GraFx simulator: misbehaving answers", () => {
  it("redirects a status call to the second origin, which answers it without a token and links the download by path", async () => {
    const sim = await startSimulator();
    const token = await getToken(sim);
    const { taskId } = sim.createTask({ format: "png", sizeBytes: 300, faults: [{ redirect: true, stage: "status", times: 1 }] });
    const redirected = await fetch(taskUrl(sim, taskId), { headers: bearer(token), redirect: "manual" });
    expect(redirected.status).toBe(302);
    const location = redirected.headers.get("location")!;
    expect(location).toBe(`${sim.secondOriginUrl}${new URL(taskUrl(sim, taskId)).pathname}`);

    const there = await fetch(location);
    expect(there.status).toBe(200);
    const { links } = (await there.json()) as { links: { download: string } };
    expect(links.download).toBe(`${new URL(taskUrl(sim, taskId)).pathname}/download`);
    const download = await fetch(new URL(links.download, location));
    expect(Buffer.from(await download.arrayBuffer()).length).toBe(300);

    // `times: 1`: the next status call is answered on the API origin again.
    expect((await fetch(taskUrl(sim, taskId), { headers: bearer(token), redirect: "manual" })).status).toBe(200);
    const second = sim.requests.filter((request) => request.origin === "second");
    expect(second.map((request) => [request.stage, request.hasAuthorization, request.status])).toEqual([
      ["status", false, 200],
      ["download", false, 200],
    ]);
  });

  it("echoes the bearer token in an error body, plain and as JSON inside JSON", async () => {
    const sim = await startSimulator();
    const token = await getToken(sim);
    const { taskId } = sim.createTask({ faults: [{ echoToken: { status: 502 }, stage: "status", times: 1 }] });
    const response = await fetch(taskUrl(sim, taskId), { headers: bearer(token) });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).toContain(`access_token=${token}`);
    expect(text).toContain(`"access_token":"${token}"`);
    expect(text).toContain(`\\"access_token\\":\\"${token}\\"`);
  });

  it("hands out the given text as the download link", async () => {
    const sim = await startSimulator();
    const token = await getToken(sim);
    const { taskId } = sim.createTask({ faults: [{ link: "ftp://files.example/out.pdf", stage: "status" }] });
    const response = await fetch(taskUrl(sim, taskId), { headers: bearer(token) });
    expect(((await response.json()) as { links: { download: string } }).links.download).toBe("ftp://files.example/out.pdf");
  });

  it("serves the same bytes on the redirected download path", async () => {
    const sim = await startSimulator();
    const token = await getToken(sim);
    const { taskId } = sim.createTask({ sizeBytes: 70_000, faults: [{ redirect: true, stage: "download" }] });
    const response = await fetch(`${taskUrl(sim, taskId)}/download`, { headers: bearer(token) });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(70_000);
    expect(outputSha256({ taskId, format: "pdf", sizeBytes: 70_000 })).toBe(
      (await import("node:crypto")).createHash("sha256").update(bytes).digest("hex"),
    );
    // fetch follows the redirect and, across origins, drops the Authorization header.
    expect(sim.requests.filter((request) => request.origin === "second").map((request) => request.hasAuthorization)).toEqual([false]);
  });

  it("takes the new faults on the command line", () => {
    expect(parseFaultSpec("redirect,stage=status,times=2")).toEqual({ stage: "status", times: 2, redirect: true });
    expect(parseFaultSpec("echoToken=503")).toEqual({ stage: "any", echoToken: { status: 503 } });
    expect(parseFaultSpec("link=not a url,stage=status")).toEqual({ stage: "status", link: "not a url" });
  });
});
