/** The CLI's help text and its usage error (exit 64, one line). */
export const EXIT_USAGE = 64;

export class UsageError extends Error {
  override name = "UsageError";
}

/** A problem with an input file or the configuration: one line, exit 1. */
export class InputError extends Error {
  override name = "InputError";
}

export const USAGE = `loc-local — run LOC data processes locally (manual trigger; serve runs the API route, Kafka and schedule triggers)

Usage:
  loc-local execute <data-process> --payload <file|-> [--config loc.config.json]
  loc-local run --generic <file>... --aggregator <file> --payload <file|->
                [--http NAME=URL]... [--files NAME=DIR]... [--var KEY=VALUE]... [--secret-var KEY=VALUE]...
                [--name <data-process>] [--timeout <ms>] [--state-dir <dir>]
  loc-local get <execution-id> [--config loc.config.json | --state-dir <dir>]
  loc-local list [--config loc.config.json | --state-dir <dir>] [--data-process NAME]
                 [--trigger Manual|ApiRoute|MessageQueue|Schedule] [--status N] [--limit N]
  loc-local logs <execution-id> [-f] [--config loc.config.json | --state-dir <dir>]
  loc-local serve [--config loc.config.json] [--port N] [--state-dir <dir>] [--no-schedules] [--no-kafka] [--watch]
                  [--console-port N] [--no-console]
  loc-local --version
  loc-local <command> --help     this text; nothing runs

Examples:
  loc-local run --generic generic-logic/read-orders.ts --aggregator aggregator-logic/finalize-orders.ts --payload orders.json
  loc-local execute grafx-order-handling --payload orders.json
  loc-local get 3f0c…-execution-id
  loc-local list --data-process grafx-order-handling --status 502 --limit 5
  loc-local logs 3f0c…-execution-id -f

list prints the stored executions newest first, logs an execution's log entries (-f follows one
still running in another process until it finishes): a table or readable lines on a terminal,
one JSON object per line when piped. serve also opens the console (default http://127.0.0.1:8081/):
executions live, each one's result, logs and payload, re-run, and a manual run with a payload editor.

The payload (JSON) is delivered as an http payload: POST /manual, body = the JSON text.
Logic files may be TypeScript sources or built bundles (.js).
Prints { executionId, status, result, timedOut, durationMs, tasks } on stdout; logs go to stderr.
Exit code: 0 when status < 400, 1 for 4xx, 2 for 5xx; 1 for a bad payload or configuration; 64 for bad arguments.
`;
