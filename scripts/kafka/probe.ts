import { Admin } from "@platformatic/kafka";

/**
 * Whether a Kafka broker at `brokers` answers a metadata request (and so accepts clients), within
 * `timeoutMs`. Never throws: anything that is not an answer is "no".
 *
 * The client bounds connecting (`connectTimeout`) but not a request once sent (it has no request
 * timeout), and a starting broker's port accepts connections before it answers: the deadline is
 * kept here, and the client closed when it passes.
 */
export async function kafkaAnswers(brokers: string, timeoutMs = 2_000): Promise<boolean> {
  const admin = new Admin({ clientId: "kafka-probe", bootstrapBrokers: brokers.split(","), retries: 0, connectTimeout: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    const answered = admin.metadata({ topics: [] }).then(
      (metadata) => metadata.brokers.size > 0,
      () => false,
    );
    return await Promise.race([answered, deadline]);
  } finally {
    clearTimeout(timer);
    // Closing waits for the peer to close its side too: a peer that never does must not hold the probe.
    let closeTimer: NodeJS.Timeout | undefined;
    await Promise.race([admin.close().catch(() => {}), new Promise<void>((resolve) => (closeTimer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(closeTimer);
  }
}
