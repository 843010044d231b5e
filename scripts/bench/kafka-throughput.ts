/**
 * Kafka end to end: `KAFKA_RECORDS` one-order records produced over `KAFKA_PARTITIONS` partitions
 * of a fresh topic, consumed by the runtime's real Kafka trigger (`grafx-order-handling` served in
 * its own process), each execution's result published to the reply topic. The rate is records
 * over the time from the first record produced to the last reply read. Warm-up records go first
 * (as many at once as executions run at once, their replies awaited), so the consumer group has
 * settled and the isolate pool has grown to what the run needs. Then two rounds of `KAFKA_RECORDS`,
 * one after the other: the first is what a freshly started server does (its code still warming:
 * more CPU per record, mostly Node's), the second what a running trigger sustains — the
 * figure the target is about. Beside each rate: the CPU time the server's Node process and its Deno
 * host spent per record, and the rate the machine's cores would allow at that cost — when the two
 * are close, the executions' CPU bounds the figure, not the trigger.
 */
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Admin, Consumer, Producer, type Message } from "@platformatic/kafka";
import { closeConsumer } from "../../runtime/triggers/kafka/close-client";
import { defaultMaxRunning } from "../../runtime/executor/execution-slots";
import { DEFAULT_MAX_IN_FLIGHT_PER_PARTITION } from "../../runtime/triggers/kafka/settings";
import { createOutputs, DEFAULT_MAX_DOWNLOAD_BYTES, grafxAccessOf, type BenchContext } from "./context";
import { acquireBroker } from "./kafka-broker";
import { downloadedIn, ordersBody } from "./order-handling-runtime";
import { cpuMs } from "./process-rss";
import { startRuntimeServer } from "./runtime-server";

export const KAFKA_RECORDS = 1000;
export const KAFKA_PARTITIONS = 4;
const KAFKA_ORDER_BYTES = 16 * 1024;
/**
 * How long the replies may take, at most — 120 s, or less when the bench's 5-minute budget has
 * less left (minus what closing takes): past it the rate is over the replies that arrived by then.
 */
const REPLIES_TIMEOUT_MS = 120_000;
const MIN_REPLIES_WAIT_MS = 15_000;
const CLOSING_RESERVE_MS = 25_000;
const WARMUP_TIMEOUT_MS = 60_000;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** One round: `records` produced at once, the rate to the last reply. */
export interface KafkaRound {
  perSecond: number;
  /** From the first record produced to the last reply read. */
  wallMs: number;
  /** Replies read (of `records`) before the wait ended, and those with status 200 and the order downloaded. */
  replies: number;
  /** Whether every record's reply came before the wait ended (else the rate is over those that did). */
  complete: boolean;
  done: number;
  /** Producing the records alone. */
  produceMs: number;
  /** Wall time × partitions / replies: what one record cost its partition, on average. */
  msPerRecordPerPartition: number;
  /** CPU time per record over the run: the server's Node process and its Deno host (null off Linux). */
  nodeCpuMsPerRecord: number | null;
  denoCpuMsPerRecord: number | null;
  /** The rate all of the machine's cores would allow at that CPU time per record. */
  cpuBoundPerSecond: number | null;
}

/** The second round's figures (a running trigger), with the first round's (just after start) beside them. */
export interface KafkaFigures extends KafkaRound {
  records: number;
  partitions: number;
  /** The first `records` after the server started (and its warm-up): its code still warming. */
  firstRound: KafkaRound;
  /** Rounds run: 2, or 1 when the first did not finish (the figures are then the first round's). */
  rounds: 1 | 2;
  /** Records of one partition running at once (the trigger's default; one key's records in order). */
  maxInFlightPerPartition: number;
  brokerStartupMs: number | null;
  /** What went wrong: the figures mean little then. */
  problems: string[];
  /** What is worth knowing and does not spoil the figure (the wait ended before every reply came…). */
  notes: string[];
}

interface Reply {
  key: string;
  status: number | null;
  downloaded: number;
  at: number;
}

class ReplyReader {
  readonly replies = new Map<string, Reply>();
  private waiters: Array<() => void> = [];

  private constructor(private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>) {}

  static async open(brokers: string, topic: string): Promise<ReplyReader> {
    // The broker answers a fetch once it holds 64 KiB of replies or after 50 ms: a fetch per ~20
    // replies instead of one per reply, which took the broker's CPU from the run it measures. The
    // last reply is read at most 50 ms late (~0.25 % of a 20 s run).
    const consumer = new Consumer({
      clientId: "bench-reply-reader",
      groupId: `bench-reader-${randomUUID().slice(0, 8)}`,
      bootstrapBrokers: [brokers],
      minBytes: 64 * 1024,
      maxWaitTime: 50,
    });
    consumer.on("error", () => undefined);
    const reader = new ReplyReader(consumer);
    try {
      const stream = await consumer.consume({ topics: [topic], mode: "earliest", autocommit: false });
      stream.on("error", () => undefined);
      stream.on("data", (message: Message<Buffer, Buffer, Buffer, Buffer>) => reader.receive(message));
    } catch (error) {
      await closeConsumer(consumer);
      throw error;
    }
    return reader;
  }

  private receive(message: Message<Buffer, Buffer, Buffer, Buffer>): void {
    const key = message.key?.toString("utf8") ?? "";
    let status: number | null = null;
    let downloaded = 0;
    try {
      const reply = JSON.parse(message.value?.toString("utf8") ?? "") as { status?: unknown; result?: unknown };
      status = typeof reply.status === "number" ? reply.status : null;
      downloaded = downloadedIn(reply.result);
    } catch {
      // Counted as a reply without a status.
    }
    if (!this.replies.has(key)) this.replies.set(key, { key, status, downloaded, at: performance.now() });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves true once every key has its reply, false at the deadline. */
  async waitFor(keys: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!keys.every((key) => this.replies.has(key))) {
      signal.throwIfAborted();
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  close(): Promise<void> {
    return closeConsumer(this.consumer);
  }
}

async function createTopics(brokers: string, topics: string[]): Promise<void> {
  const admin = new Admin({ clientId: "bench-admin", bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics, partitions: KAFKA_PARTITIONS, replicas: 1 });
  } finally {
    await admin.close();
  }
}

async function deleteTopics(brokers: string, topics: string[]): Promise<void> {
  const admin = new Admin({ clientId: "bench-admin", bootstrapBrokers: [brokers] });
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.close();
  }
}

/** null with the reason printed when no broker can be had (jars not installed…). */
export async function measureKafka(context: BenchContext): Promise<KafkaFigures | null> {
  const { sim, workRoot, options, signal } = context;
  const broker = await acquireBroker({ configured: options.kafkaBrokers, log: (line) => context.progress(`kafka: ${line}`) });
  if (broker.kind === "unavailable") {
    context.skip("kafka", broker.why);
    return null;
  }
  const suffix = randomUUID().slice(0, 8);
  const topic = `bench-orders-${suffix}`;
  const replyTopic = `${topic}.results`;
  const workDir = join(workRoot, "kafka");
  const problems: string[] = [];
  const notes: string[] = [];
  try {
    await createTopics(broker.brokers, [topic, replyTopic]);
    // As many records at once as executions run at once, spread over the partitions: the isolate
    // pool has grown to what the run needs before it is measured, as in the batch and burst runs.
    const warmups = createOutputs(sim, Math.min(KAFKA_PARTITIONS * DEFAULT_MAX_IN_FLIGHT_PER_PARTITION, defaultMaxRunning()), KAFKA_ORDER_BYTES);
    const reader = await ReplyReader.open(broker.brokers, replyTopic);
    // Idempotent: a retried multi-partition request (a leader not known yet) would otherwise write some records twice.
    const producer = new Producer({ clientId: "bench-producer", bootstrapBrokers: [broker.brokers], idempotent: true });
    const server = await startRuntimeServer(
      {
        kind: "orders",
        grafx: grafxAccessOf(sim),
        workDir,
        concurrency: options.concurrency,
        maxDownloadBytes: DEFAULT_MAX_DOWNLOAD_BYTES,
        kafka: { brokers: broker.brokers, topic, groupId: `bench-${suffix}`, replyTopic },
      },
      { signal },
    );
    try {
      const record = (taskId: string, partition: number) => ({ topic, partition, key: Buffer.from(taskId), value: Buffer.from(JSON.stringify(ordersBody([taskId]))) });
      await producer.send({ messages: warmups.map((output, index) => record(output.taskId, index % KAFKA_PARTITIONS)) });
      if (!(await reader.waitFor(warmups.map((output) => output.taskId), WARMUP_TIMEOUT_MS, signal))) {
        throw new Error(`the ${warmups.length} warm-up records got no reply within ${WARMUP_TIMEOUT_MS} ms`);
      }
      context.progress(`kafka: ${warmups.length} warm-up records answered; producing ${KAFKA_RECORDS} records over ${KAFKA_PARTITIONS} partitions`);

      const cpuOf = (label: string) => {
        const pid = server.processes.find((process) => process.label === label)?.pid;
        return pid === undefined ? null : cpuMs(pid);
      };
      const measureRound = async (name: string): Promise<KafkaRound> => {
        const outputs = createOutputs(sim, KAFKA_RECORDS, KAFKA_ORDER_BYTES);
        const waitMs = Math.max(MIN_REPLIES_WAIT_MS, Math.min(REPLIES_TIMEOUT_MS, context.budgetLeftMs() - CLOSING_RESERVE_MS));
        const cpuBefore = { node: cpuOf("node"), deno: cpuOf("deno") };
        const started = performance.now();
        await producer.send({ messages: outputs.map((output, index) => record(output.taskId, index % KAFKA_PARTITIONS)) });
        const produceMs = performance.now() - started;
        const keys = outputs.map((output) => output.taskId);
        const complete = await reader.waitFor(keys, waitMs, signal);
        const cpuAfter = { node: cpuOf("node"), deno: cpuOf("deno") };
        const replies = keys.map((key) => reader.replies.get(key)).filter((reply): reply is Reply => reply !== undefined);
        const last = Math.max(started, ...replies.map((reply) => reply.at));
        const wallMs = complete ? last - started : performance.now() - started;
        if (!complete) {
          const why = waitMs < REPLIES_TIMEOUT_MS ? "what the bench's 5-minute budget left" : "the bench's cap";
          notes.push(`kafka (${name}): ${replies.length} of ${KAFKA_RECORDS} replies within ${Math.round(waitMs / 1000)} s (${why}); the rate is over the replies that arrived`);
        }
        const done = replies.filter((reply) => reply.status === 200 && reply.downloaded === 1).length;
        if (done < replies.length) {
          const odd = replies.find((reply) => reply.status !== 200 || reply.downloaded !== 1);
          problems.push(`kafka (${name}): ${replies.length - done} replies without the order downloaded (the first: status ${odd?.status}, downloaded ${odd?.downloaded})`);
        }
        const perRecord = (before: number | null, after: number | null) =>
          before === null || after === null || replies.length === 0 ? null : round((after - before) / replies.length);
        const nodeCpuMsPerRecord = perRecord(cpuBefore.node, cpuAfter.node);
        const denoCpuMsPerRecord = perRecord(cpuBefore.deno, cpuAfter.deno);
        const cpuPerRecord = nodeCpuMsPerRecord === null || denoCpuMsPerRecord === null ? null : nodeCpuMsPerRecord + denoCpuMsPerRecord;
        return {
          perSecond: round(replies.length / (wallMs / 1000)),
          wallMs: round(wallMs),
          replies: replies.length,
          complete,
          done,
          produceMs: round(produceMs),
          msPerRecordPerPartition: round((wallMs * KAFKA_PARTITIONS) / Math.max(1, replies.length)),
          nodeCpuMsPerRecord,
          denoCpuMsPerRecord,
          cpuBoundPerSecond: cpuPerRecord === null || cpuPerRecord <= 0 ? null : round((availableParallelism() * 1000) / cpuPerRecord),
        };
      };
      const firstRound = await measureRound("first round");
      // Records of an unfinished first round would still be running in the second: it is not run then.
      if (firstRound.complete) context.progress(`kafka: first ${KAFKA_RECORDS} records at ${firstRound.perSecond}/s; producing ${KAFKA_RECORDS} more`);
      else notes.push("kafka: the second round was not run (the first did not finish): the figure is the first round's");
      const secondRound = firstRound.complete ? await measureRound("second round") : undefined;
      return {
        records: KAFKA_RECORDS,
        partitions: KAFKA_PARTITIONS,
        ...(secondRound ?? firstRound),
        firstRound,
        rounds: secondRound ? 2 : 1,
        maxInFlightPerPartition: DEFAULT_MAX_IN_FLIGHT_PER_PARTITION,
        brokerStartupMs: broker.startupMs,
        problems,
        notes,
      };
    } finally {
      await server.stop().catch((error: unknown) => problems.push(`kafka: stopping the server: ${(error as Error).message}`));
      await producer.close().catch(() => undefined);
      await reader.close().catch(() => undefined);
    }
  } finally {
    if (!broker.started) await deleteTopics(broker.brokers, [topic, replyTopic]).catch(() => undefined);
    await broker.release();
  }
}
