/**
 * How long the trigger waits for the broker to answer one request (a reply's publish, a commit).
 * The Kafka client bounds connecting but not a request once sent; a broker that keeps the connection
 * open without answering would hold a record, and its place in the partition, for ever. Past the
 * deadline the attempt counts as failed and is retried (a publish that did land after all is then
 * published twice: the reply topic is at least once, like the records).
 */
export const REQUEST_DEADLINE_MS = 30_000;

export function withDeadline<T>(request: Promise<T>, what: string, ms = REQUEST_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from the broker within ${ms} ms`)), ms);
  });
  return Promise.race([request, deadline]).finally(() => clearTimeout(timer));
}
