/**
 * A subscription's `brokers` value (`host:port,host:port`) as a list, checked so a typo fails the
 * start naming the subscription instead of looping on connection errors.
 */
export function parseBrokerList(value: string, where: string): string[] {
  const brokers = value
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker !== "");
  if (brokers.length === 0) throw new Error(`${where}.brokers: expected host:port[,host:port…], got an empty list`);
  for (const broker of brokers) {
    const match = /^(.+):(\d{1,5})$/.exec(broker);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) throw new Error(`${where}.brokers: expected host:port, got "${broker}"`);
  }
  return brokers;
}
