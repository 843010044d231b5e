/** `serve --no-kafka`: the Kafka subscriptions stay off, so a missing broker is never waited for or warned about. */
import { describe, expect, it } from "vitest";
import { serve } from "../../runtime/serve";
import { configOf, tempDir } from "./helpers";

describe("serve", () => {
  it("leaves the Kafka subscriptions off with kafka: false (serve --no-kafka)", async () => {
    const config = configOf(
      await tempDir(),
      { orders: { aggregator: "echo-aggregator.ts" } },
      {
        server: { port: 0 },
        triggers: { kafka: [{ brokers: "127.0.0.1:1", topic: "t", groupId: "g", dataProcesses: ["orders"], enabled: true }] },
      },
    );
    const lines: string[] = [];
    const loc = await serve(config, { kafka: false, schedules: false, log: (event) => lines.push(JSON.stringify(event)) });
    try {
      expect(lines.filter((line) => /kafka/i.test(line))).toEqual([]);
    } finally {
      await loc.close();
    }
  });
});
