import type { Consumer, Offsets } from "@platformatic/kafka";

/**
 * Kafka's committed offset is the offset of the NEXT record to read (what `kafka-consumer-groups.sh`,
 * every other client and @platformatic/kafka from 1.27 on write and read). @platformatic/kafka 1.22
 * instead commits a message's own offset (`message.commit()`) and, in "committed" mode, resumes from
 * the committed offset plus one — so a group committed the standard way would skip one record per
 * partition. The trigger commits the standard way (see ConsumerSession.commit); this makes the
 * client's resume read those offsets as the record before the next one, which is what its stream
 * adds one to. A committed 0 (nothing done) reads as "no commit": the stream then starts at the
 * earliest record, which is offset 0 unless retention removed it.
 */
export function resumeFromStandardCommits(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>): void {
  const list = consumer.listCommittedOffsets.bind(consumer) as (options: Parameters<typeof consumer.listCommittedOffsets>[0], callback: (error: Error | null, offsets: Offsets | undefined) => void) => void;
  const patched = (options: Parameters<typeof consumer.listCommittedOffsets>[0], callback?: (error: Error | null, offsets: Offsets | undefined) => void) => {
    const done = new Promise<Offsets>((resolve, reject) =>
      list(options, (error, offsets) => (error || !offsets ? reject(error ?? new Error("no committed offsets")) : resolve(toLastDone(offsets)))),
    );
    if (!callback) return done;
    done.then(
      (offsets) => callback(null, offsets),
      (error: Error) => callback(error, undefined),
    );
  };
  // The stream calls the instance's own method; one instance per consumer session.
  consumer.listCommittedOffsets = patched as typeof consumer.listCommittedOffsets;
}

/** Standard committed offsets (next to read; -1 none) → the client's own convention (last done; -1 none). */
export function toLastDone(offsets: Offsets): Offsets {
  return new Map([...offsets].map(([topic, partitions]) => [topic, partitions.map((offset) => (offset > 0n ? offset - 1n : -1n))]));
}
