import type { Executor } from "../../contract";
import type { TriggerLog } from "../api-route/trigger-log";
import { backoffDelay, type BackoffPolicy } from "./backoff";
import { openConsumerSession, type ConsumerSession, type ConsumerSessionOptions, type KafkaMessage } from "./consumer-session";
import { ExecutionPacer } from "./execution-pacer";
import { describeKafkaError } from "./kafka-error";
import { OffsetCommitter } from "./offset-committer";
import { OffsetCursor } from "./offset-cursor";
import { PartitionLanes, type LaneRecord } from "./partition-lanes";
import { processRecord, type RecordProcessorContext } from "./record-processor";
import { createReplyPublisher } from "./reply-publisher";
import { sleepUnlessAborted, whenAborted } from "./retry";
import type { SubscriptionSettings } from "./settings";

/** The longest wait between two attempts to reach an unavailable broker. */
const RECONNECT_MAX_WAIT_MS = 2_000;

/** A consumed record in its partition's lane: records with the same key (or none) stay in order. */
interface LaneMessage extends LaneRecord {
  message: KafkaMessage;
}

function orderingKeyOf(message: KafkaMessage): string {
  return message.key === undefined || message.key === null ? "none" : `key:${message.key.toString("base64")}`;
}

export interface SubscriptionRunnerOptions {
  log: TriggerLog;
  backoff: BackoffPolicy;
  session: ConsumerSessionOptions;
  /** Past this many records queued or running, fetching pauses until half of them are done. */
  maxQueuedRecords: number;
}

export interface RunningSubscription {
  /** Resolves once consuming; for `enabled: "auto"` also once the first connection attempt failed. */
  ready: Promise<void>;
  /** Takes no new record, lets running ones finish (published, committed) within `graceMs`, leaves the group. */
  stop(graceMs: number): Promise<void>;
  /** Like a crash: leaves at once; running executions publish and commit nothing. */
  abort(): Promise<void>;
}

/**
 * Keeps one subscription consuming: connects, hands records to per-partition lanes (several of a
 * partition at once, one key's in order), commits each partition up to its first record not yet
 * processed, and when the broker cannot be reached (at start or later) logs one line per failure and tries again with
 * capped exponential backoff until stopped. It never gives up silently.
 */
export function runSubscription(executor: Executor, subscription: SubscriptionSettings, options: SubscriptionRunnerOptions): RunningSubscription {
  const { log, backoff } = options;
  const about = { topic: subscription.topic, groupId: subscription.groupId, brokers: subscription.brokers.join(",") };
  const stopRequested = new AbortController();
  const abandon = new AbortController();
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const replies = subscription.replyTopic ? createReplyPublisher(subscription.brokers, subscription.replyTopic, options.session.clientId) : undefined;
  const pacer = new ExecutionPacer(executor, {
    onBusy: (error) => log({ level: "warn", msg: "kafka records wait: the runtime takes no more executions for now", ...about, error: error.message }),
    onRecovered: () => log({ level: "info", msg: "kafka records run again: the runtime takes executions", ...about }),
  });
  const context: RecordProcessorContext = { pacer, subscription, replies, log, backoff, signal: abandon.signal };
  const cursor = new OffsetCursor();

  const consumeOnce = async (): Promise<"lost" | "stopped"> => {
    let accepting = true;
    let paused = false;
    let session: ConsumerSession | undefined;
    let committer: OffsetCommitter | undefined;
    const lanes = new PartitionLanes<LaneMessage>({
      maxInFlightPerLane: subscription.maxInFlightPerPartition,
      run: async (lane, { message }) => {
        if (!accepting || !session?.isAssigned(message.partition)) {
          cursor.giveBack(lane, message.offset);
          return "given-back";
        }
        const outcome = await processRecord(message, context);
        if (outcome === "processed") return "finished";
        cursor.giveBack(lane, message.offset);
        return "given-back";
      },
      onCommitPoint: (lane, offset) => committer?.commit(Number(lane.slice(lane.lastIndexOf(":") + 1)), offset),
      onPendingChange: (pending) => {
        // Once stopping, fetching stays paused whatever finishes.
        if (!session || !accepting) return;
        if (!paused && pending >= options.maxQueuedRecords) {
          paused = true;
          session.pause();
        } else if (paused && pending <= options.maxQueuedRecords / 2) {
          paused = false;
          session.resume();
        }
      },
    });
    const onMessage = (message: KafkaMessage) => {
      const lane = `${message.topic}:${message.partition}`;
      if (!accepting || !cursor.take(lane, message.offset)) return;
      lanes.enqueue(lane, { offset: message.offset, orderingKey: orderingKeyOf(message), message });
    };

    session = await openConsumerSession(subscription, options.session, onMessage);
    committer = new OffsetCommitter(session, { topic: subscription.topic, groupId: subscription.groupId, log, backoff, signal: abandon.signal });
    if (stopRequested.signal.aborted) {
      await session.close();
      return "stopped";
    }
    log({ level: "info", msg: "kafka subscription consuming", ...about, partitions: session.assignedPartitions(), maxInFlightPerPartition: subscription.maxInFlightPerPartition });
    markReady();
    const ended = await Promise.race([session.lost, whenAborted(stopRequested.signal).then(() => "stopped" as const)]);
    accepting = false;
    session.pause();
    if (ended !== "stopped") log({ level: "warn", msg: "kafka subscription lost its consumer; reconnecting", ...about, error: describeKafkaError(ended) });
    // Records already running finish through this session (published, committed) before it leaves,
    // unless they are abandoned; otherwise the next session would run them a second time.
    await Promise.race([lanes.idle().then(() => committer.flush()), whenAborted(abandon.signal)]);
    await session.close();
    return ended === "stopped" ? "stopped" : "lost";
  };

  const supervise = async (): Promise<void> => {
    let failures = 0;
    while (!stopRequested.signal.aborted) {
      let waitMs: number;
      try {
        if ((await consumeOnce()) === "stopped") break;
        failures = 0;
        waitMs = backoffDelay(1, backoff);
      } catch (error) {
        failures += 1;
        // Short waits: a broker started after the runtime is picked up within seconds.
        waitMs = Math.min(backoffDelay(failures, backoff), RECONNECT_MAX_WAIT_MS);
        // One warning, then quiet retries until the broker answers.
        if (failures === 1) {
          const level = subscription.enabled === "auto" ? "warn" : "error";
          log({ level, msg: "kafka broker unavailable", ...about, attempt: failures, retryInMs: waitMs, error: describeKafkaError(error) });
          log({ level: "info", msg: "kafka subscription keeps retrying quietly until the broker answers", ...about });
          if (subscription.enabled === "auto") markReady();
        }
      }
      await sleepUnlessAborted(waitMs, stopRequested.signal);
    }
  };
  const supervisor = supervise().catch((error: unknown) => {
    log({ level: "error", msg: "kafka subscription stopped on an unexpected error", ...about, error: describeKafkaError(error) });
  });

  const finish = async (): Promise<void> => {
    await supervisor;
    await replies?.close();
    markReady();
    log({ level: "info", msg: "kafka subscription stopped", ...about });
  };
  let finished: Promise<void> | undefined;

  return {
    ready,
    stop(graceMs) {
      if (!finished) {
        stopRequested.abort();
        const grace = setTimeout(() => abandon.abort(), graceMs);
        finished = finish().finally(() => clearTimeout(grace));
      }
      return finished;
    },
    abort() {
      abandon.abort();
      stopRequested.abort();
      finished ??= finish();
      return finished;
    },
  };
}
