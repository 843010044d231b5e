import { Admin } from "@platformatic/kafka";

/**
 * Whether a Kafka broker at `brokers` answers a metadata request (and so accepts clients), within
 * `timeoutMs`. Never throws: anything that is not an answer is "no".
 */
export async function kafkaAnswers(brokers: string, timeoutMs = 2_000): Promise<boolean> {
  const admin = new Admin({
    clientId: "kafka-probe",
    bootstrapBrokers: brokers.split(","),
    retries: 0,
    connectTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    timeout: timeoutMs,
  });
  try {
    const metadata = await admin.metadata({ topics: [] });
    return metadata.brokers.size > 0;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => {});
  }
}
