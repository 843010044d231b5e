import { Consumer } from "@platformatic/kafka";

/** `close(true)` through its callback form: the promise overload does not type-check with `force`. */
export function closeForced(client: { close(force: boolean, callback: (error?: Error | null) => void): void }): Promise<void> {
  return new Promise((resolve, reject) => client.close(true, (error) => (error ? reject(error) : resolve())));
}

/**
 * Leaves the group and closes. When leaving fails (the broker is gone), the client stays open; its
 * connections are then dropped without leaving, and the group drops the member after its session
 * timeout.
 */
export async function closeConsumer(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>): Promise<void> {
  try {
    await closeForced(consumer);
  } catch {
    const closeWithoutLeaving = Object.getPrototypeOf(Consumer.prototype) as { close(this: unknown, callback: (error?: Error | null) => void): void };
    await new Promise<void>((resolve) => closeWithoutLeaving.close.call(consumer, () => resolve()));
  }
}
