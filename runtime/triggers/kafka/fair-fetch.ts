import type { Consumer } from "@platformatic/kafka";

/**
 * Gives every partition of a fetch its share of the fetch's bytes. The client asks for each
 * partition's records up to the fetch's whole `maxBytes`, and the broker fills a response partition
 * by partition in request order: with a backlog, every response would hold the first partition's
 * records only, and the other partitions would wait behind it — their records not even fetched
 * while the first one's keep the trigger busy. With a share each (at least one record batch, which
 * the broker returns whatever its size), each response carries records of every partition that has
 * some, so partitions really run side by side.
 */
export function shareFetchBytes(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>): void {
  const fetch = consumer.fetch.bind(consumer) as (options: FetchOptionsOf<typeof consumer>, callback: (error: Error | null, response: unknown) => void) => void;
  const shared = (options: FetchOptionsOf<typeof consumer>, callback?: (error: Error | null, response: unknown) => void) => {
    const partitions = options.topics.reduce((count, topic) => count + topic.partitions.length, 0);
    const total = options.maxBytes;
    const request =
      total === undefined || partitions <= 1
        ? options
        : {
            ...options,
            topics: options.topics.map((topic) => ({
              ...topic,
              partitions: topic.partitions.map((partition) => ({ ...partition, partitionMaxBytes: Math.min(partition.partitionMaxBytes, Math.ceil(total / partitions)) })),
            })),
          };
    if (callback) return fetch(request, callback);
    return new Promise((resolve, reject) => fetch(request, (error, response) => (error ? reject(error) : resolve(response))));
  };
  // The stream fetches through the instance's own method; one instance per consumer session.
  consumer.fetch = shared as typeof consumer.fetch;
}

type FetchOptionsOf<C> = C extends { fetch(options: infer O): Promise<unknown> } ? O : never;
