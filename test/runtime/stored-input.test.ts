import { describe, expect, it } from "vitest";
import type { Payload } from "@fstnetwork/loc-logic-sdk";
import { bodyOf, payloadOf, storedInputOf } from "../../runtime/stores/stored-input";
import { manualPayload } from "../../runtime/triggers/manual/manual-payload";

const roundTrip = (payload: Payload) => payloadOf(JSON.parse(JSON.stringify(storedInputOf("id", { dataProcesses: ["p"], payload, triggerType: "Manual" }))));

describe("the input kept to show and re-run an execution", () => {
  it("keeps a UTF-8 body as text and gives the same payload back", () => {
    const payload = manualPayload('{"orders":[{"taskId":"é"}]}', "00000000-0000-4000-8000-000000000000");
    const input = storedInputOf("id", { dataProcesses: ["p"], payload, triggerType: "Manual" });
    expect(bodyOf(input)).toEqual({ text: '{"orders":[{"taskId":"é"}]}' });
    expect(roundTrip(payload)).toEqual(payload);
  });

  it("keeps a binary message queue body as base64 and gives the same bytes back", () => {
    const bytes = [0xff, 0x00, 0xfe, 0x80];
    const payload = { messageQueue: { subscriber: { topic: "t" }, data: bytes } } as unknown as Payload;
    const input = storedInputOf("id", { dataProcesses: ["p"], payload, triggerType: "MessageQueue" });
    expect(bodyOf(input)).toEqual({ base64: Buffer.from(bytes).toString("base64") });
    expect(roundTrip(payload)).toEqual(payload);
  });

  it("leaves a payload without a body (a schedule's event) as it is", () => {
    const payload = { event: { schedule: "* * * * *" } } as unknown as Payload;
    expect(bodyOf(storedInputOf("id", { dataProcesses: ["p"], payload, triggerType: "Schedule" }))).toBeUndefined();
    expect(roundTrip(payload)).toEqual(payload);
  });
});
