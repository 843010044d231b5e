import { createServer, type Socket } from "node:net";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { runNode, type Outcome } from "../helpers/run-process";
import { REPO_ROOT } from "../runtime/helpers";
import { kafkaAnswers } from "../../scripts/kafka/probe";
import { createTopic, sendRecords, TopicReader, uniqueName } from "./helpers/kafka-clients";
import { stopOwnBroker, testBrokers } from "./helpers/test-broker";

afterAll(async () => {
  await stopOwnBroker();
});

/** A Kafka script run the way `npm run kafka:*` runs it; `onStderr` sees stderr as it grows. */
function script(name: string, args: string[], onStderr?: (stderr: string) => void): Promise<Outcome> {
  return runNode(["--import", "tsx", `scripts/${name}.ts`, ...args], { cwd: REPO_ROOT, onStderr });
}

/** kafka:read started, resolved once it says it is waiting (its start offsets are fixed then). */
async function startReading(args: string[]): Promise<{ finished: Promise<Outcome> }> {
  let ready!: () => void;
  const waiting = new Promise<void>((resolve) => (ready = resolve));
  const outcome = script("kafka-read", args, (stderr) => {
    if (stderr.includes("waiting for")) ready();
  });
  await Promise.race([waiting, outcome.then((done) => Promise.reject(new Error(`kafka:read ended early: ${done.stderr}`)))]);
  // Wrapped: an async function returning a promise would wait for it.
  return { finished: outcome };
}

function printed(outcome: Outcome): Array<Record<string, unknown>> {
  return outcome.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("--help on the Kafka scripts", () => {
  it.each(["kafka-read", "kafka-produce", "kafka-start", "kafka-stop", "kafka-install"])(
    "%s --help prints its usage with an example and exits 0 without acting",
    async (name) => {
      const outcome = await script(name, ["--help"]);
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toMatch(/^Usage: npm run kafka:/);
      expect(outcome.stdout).toMatch(/\nExample[^\n]*:\n {2}npm run kafka:/);
      expect(outcome.stderr).toBe("");
      // What each says when it acts: stopping (or finding nothing to stop), starting, installing.
      expect(outcome.stdout).not.toMatch(/stopped in|no kafka broker started|broker starting|already running|jars already in/i);
    },
    30_000,
  );

  it("kafka:stop --help leaves a running broker running", async () => {
    const brokers = await testBrokers();
    expect((await script("kafka-stop", ["--help"])).code).toBe(0);
    expect(await kafkaAnswers(brokers)).toBe(true);
  }, 60_000);
});

describe("kafka:read", () => {
  it("waits for the next new record, not the oldest, and prints its value as JSON", async () => {
    const brokers = await testBrokers();
    const topic = uniqueName("tooling-read");
    await createTopic(brokers, topic);
    await sendRecords(brokers, topic, [{ key: "old", value: JSON.stringify({ old: true }) }]);
    const reading = await startReading(["--topic", topic, "--brokers", brokers, "--timeout-ms", "20000"]);
    await sendRecords(brokers, topic, [{ key: "new", value: JSON.stringify({ orders: [{ taskId: "t-1" }] }) }]);
    const outcome = await reading.finished;
    expect(outcome.code).toBe(0);
    expect(printed(outcome)).toEqual([{ partition: 0, offset: 1, key: "new", value: { orders: [{ taskId: "t-1" }] } }]);
  }, 60_000);

  it("--from-beginning reads what the topic already holds; a value that is not JSON prints as a JSON string", async () => {
    const brokers = await testBrokers();
    const topic = uniqueName("tooling-beginning");
    await createTopic(brokers, topic);
    await sendRecords(brokers, topic, [{ value: "plain text" }, { value: "[1,2]" }]);
    const outcome = await script("kafka-read", ["--topic", topic, "--brokers", brokers, "--from-beginning", "--count", "2", "--timeout-ms", "20000"]);
    expect(outcome.code).toBe(0);
    expect(printed(outcome).map((line) => line.value)).toEqual(["plain text", [1, 2]]);
  }, 60_000);

  it("exits 1 naming how many arrived when fewer than --count came before --timeout-ms", async () => {
    const brokers = await testBrokers();
    const topic = uniqueName("tooling-short");
    await createTopic(brokers, topic);
    const reading = await startReading(["--topic", topic, "--brokers", brokers, "--count", "3", "--timeout-ms", "4000"]);
    await sendRecords(brokers, topic, [{ value: "{}" }]);
    const outcome = await reading.finished;
    expect(outcome.code).toBe(1);
    expect(printed(outcome)).toHaveLength(1);
    expect(outcome.stderr).toMatch(/timed out after 4000 ms waiting for 3 records on tooling-short-\w+: only 1 arrived/);
  }, 60_000);

  it("refuses a count that is not a positive whole number", async () => {
    const outcome = await script("kafka-read", ["--topic", "x", "--count", "0"]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/--count takes a whole number above 0/);
  }, 30_000);
});

describe("kafka:produce", () => {
  it("sends one record with its key, prints where it landed, and exits 0", async () => {
    const brokers = await testBrokers();
    const topic = uniqueName("tooling-produce");
    await createTopic(brokers, topic);
    const outcome = await script("kafka-produce", ["--topic", topic, "--brokers", brokers, "--key", "order-1", "--value", '{"orders":[]}']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`^sent 13 bytes to ${topic} partition 0 offset 0$`, "m"));
    const [record] = await (await TopicReader.open(brokers, topic)).take(1);
    expect(record).toMatchObject({ key: "order-1", value: '{"orders":[]}' });
  }, 60_000);
});

describe("broker probe", () => {
  it("says no within its timeout to a port that takes connections but never answers", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    onTestFinished(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as { port: number };
    const started = performance.now();
    expect(await kafkaAnswers(`127.0.0.1:${port}`, 500)).toBe(false);
    expect(sockets.size).toBeGreaterThan(0);
    // The deadline, then at most as long again for closing the connection the peer keeps open.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
