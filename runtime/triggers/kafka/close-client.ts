import { Consumer } from "@platformatic/kafka";

/**
 * Leaves the group and closes (`force`: without waiting for its streams to drain). When leaving
 * fails (the broker is gone), the client stays open; its connections are then dropped without
 * leaving, and the group drops the member after its session timeout.
 */
export async function closeConsumer(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>): Promise<void> {
  try {
    await consumer.close(true);
  } catch {
    const closeWithoutLeaving = Object.getPrototypeOf(Consumer.prototype) as { close(this: unknown, callback: (error?: Error | null) => void): void };
    await new Promise<void>((resolve) => closeWithoutLeaving.close.call(consumer, () => resolve()));
  }
}
