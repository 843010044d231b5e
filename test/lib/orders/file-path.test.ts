import { describe, expect, it } from "vitest";
import { outputFilePath, UnsafePathError } from "../../../lib/orders/file-path";

const TASK = "0b9f1c2e-3a4d-4e5f-8a6b-7c8d9e0f1a2b";

describe("outputFilePath", () => {
  it("names the file after the task id under its environment", () => {
    expect(outputFilePath({ environment: "acme", taskId: TASK }, "pdf")).toBe(`acme/${TASK}.pdf`);
  });

  it("names the file after the order id when the order has one", () => {
    expect(outputFilePath({ environment: "acme", taskId: TASK, orderId: "PO-2024.001_a" }, "png")).toBe("acme/PO-2024.001_a.png");
  });

  it.each([
    [{ environment: "..", taskId: TASK }, "pdf"],
    [{ environment: "acme/../x", taskId: TASK }, "pdf"],
    [{ environment: "acme", taskId: "../../etc/passwd" }, "pdf"],
    [{ environment: "acme", taskId: TASK, orderId: ".." }, "pdf"],
    [{ environment: "acme", taskId: TASK, orderId: ".loc-tmp-victim" }, "pdf"],
    [{ environment: "acme", taskId: TASK, orderId: ".pending" }, "json"],
    [{ environment: "acme", taskId: TASK, orderId: "a/b" }, "pdf"],
    [{ environment: "acme", taskId: TASK }, "pdf/../../x"],
    [{ environment: "acme", taskId: TASK }, ""],
  ])("refuses anything the schemas would not let through: %j .%s", (naming, extension) => {
    expect(() => outputFilePath(naming, extension)).toThrow(UnsafePathError);
  });
});
