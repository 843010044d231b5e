/**
 * `--help` on a Kafka script: prints its usage and exits 0 before anything acts (stopping the
 * broker, fetching jars). Call it first thing, before parsing the other options.
 */
export function exitOnHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  process.stdout.write(`${usage.trim()}\n`);
  process.exit(0);
}
