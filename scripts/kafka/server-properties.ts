/**
 * The configuration of a single-node KRaft broker for development and tests: one process that is
 * both broker and controller, listening on 127.0.0.1 only, with every internal topic at one replica
 * and one partition so the first consumer group and the first transaction start at once.
 */
export interface ServerPropertiesOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
}

export function buildServerProperties({ port, controllerPort, dataDir }: ServerPropertiesOptions): string {
  const properties: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${port}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": dataDir,
    "num.partitions": 1,
    "default.replication.factor": 1,
    "auto.create.topics.enable": true,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 1,
    "group.initial.rebalance.delay.ms": 0,
    // Lets tests use short consumer session timeouts, so a crashed consumer's partitions move quickly.
    "group.min.session.timeout.ms": 1000,
    "num.network.threads": 2,
    "num.io.threads": 2,
    "log.retention.hours": 24,
  };
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${escapeValue(String(value))}`);
  return `${lines.join("\n")}\n`;
}

/** A backslash is an escape in Java properties files (a Windows data dir has them). */
function escapeValue(value: string): string {
  return value.replaceAll("\\", "\\\\");
}

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (what `random-uuid` prints). */
export function randomClusterId(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`a cluster id needs 16 bytes, got ${bytes.length}`);
  return Buffer.from(bytes).toString("base64url");
}

/**
 * A new cluster id, never starting with "-" (the storage tool would read it as an option), as Kafka's
 * own `random-uuid` guarantees. `random` gives 16 random bytes per call.
 */
export function newClusterId(random: () => Uint8Array): string {
  for (;;) {
    const id = randomClusterId(random());
    if (!id.startsWith("-")) return id;
  }
}
