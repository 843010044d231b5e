/**
 * EventAgent, DatabaseAgent, MailAgent: LOC has them, the local runtime has no backend for them.
 * Each call fails with one clear error naming the agent, never a missing-operation failure.
 */
import { describe, expect, it } from "vitest";
import { logsOf, runOnce } from "./harness";

const unavailable = (agent: string, missing: string) => ({
  name: "NotSupported",
  message: `${agent} is not available in the local runtime (${missing})`,
});

describe("EventAgent, DatabaseAgent and MailAgent without a local backend", () => {
  it("each call fails with one error naming its agent; the Mail builder still works", async () => {
    const record = await runOnce({ generic: ["agents/unbacked-agents.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: "unbacked" } });
    const event = unavailable("EventAgent", "no event store is configured");
    expect(record.result).toEqual({
      session: {
        unbacked: {
          emit: event,
          search: event,
          searchWithPattern: event,
          database: unavailable("DatabaseAgent", "no database is configured"),
          mail: unavailable("MailAgent", "no mail server is configured"),
          builtMail: { subject: "SUBJECT HERE", receivers: [{ mail: "notfound@fstk.io", name: "404" }] },
        },
      },
    });
    expect(record.logs).toEqual([]);
  });

  it("an unguarded call switches the railway with that error; values put before it stay", async () => {
    const record = await runOnce({ generic: ["agents/event-uncaught.ts"], aggregator: "session-report.ts", variables: { REPORT_KEYS: "fstnetwork,magic" } });
    const message = "EventAgent is not available in the local runtime (no event store is configured)";
    expect(record.result).toEqual({
      session: { fstnetwork: 6000, magic: 9487 },
      railwayError: { name: "NotSupported", message, logicPermanentIdentity: expect.any(String), logicRevision: 1, failedLogic: "event-uncaught" },
    });
    expect(logsOf(record, "event-uncaught")).toEqual([{ level: "error", message: `NotSupported: ${message}` }]);
    expect(record.tasks[0]?.railwayError).toEqual({ name: "NotSupported", message, logic: "event-uncaught" });
  });
});
