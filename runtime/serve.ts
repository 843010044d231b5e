/**
 * The local LOC with every trigger of a configuration running: the executor, the API route server,
 * the schedules, the Kafka subscriptions, and the console. What `loc-local serve` and `npm start` run.
 */
import type { RuntimeConfig } from "./config/schema";
import { startRuntime, type LocalRuntime, type RuntimeOptions } from "./executor";
import { startApiRouteServer, type ApiRouteServer, type TriggerLog } from "./triggers/api-route";
import { startKafkaTrigger, type KafkaTrigger } from "./triggers/kafka";
import { startScheduleTrigger, type ScheduleTrigger } from "./triggers/schedule";
import { watchLogics, type LogicWatcherOptions } from "./watch/logic-watcher";
import { startConsoleServer, type ConsoleServer } from "./console/console-server";

export interface ServeOptions extends RuntimeOptions {
  log: TriggerLog;
  /** Overrides `server.port` (0 picks a free port). */
  port?: number;
  /** Leave the schedules off (tests and one-shot tools). */
  schedules?: boolean;
  /** Leave the Kafka subscriptions off (no broker wanted: `serve --no-kafka`). */
  kafka?: boolean;
  /** Watch mode: when given, a logic is rebuilt and reloaded when its source changes (`serve --watch`). */
  watch?: LogicWatcherOptions;
  /** The local console on this port (0: a free one) of `server.host`; off when not given. */
  console?: { port: number };
}

export interface RunningLoc {
  runtime: LocalRuntime;
  apiRoute: ApiRouteServer;
  schedules: ScheduleTrigger;
  kafka: KafkaTrigger;
  /** When the console was asked for. */
  console?: ConsoleServer;
  /** Graceful: no new work, running executions finish (bounded), then everything is released. */
  close(): Promise<void>;
}

export async function serve(config: RuntimeConfig, options: ServeOptions): Promise<RunningLoc> {
  const { log } = options;
  const runtime = await startRuntime(config, options);
  const started: Array<{ close(): Promise<void> }> = [{ close: () => runtime.close(config.server.shutdownGraceMs) }];
  const closeStarted = async () => {
    for (const part of started.reverse()) await part.close();
  };
  try {
    const apiRoute = await startApiRouteServer(
      runtime,
      { routes: config.triggers.apiRoutes, ...config.server, port: options.port ?? config.server.port },
      { log },
    );
    started.push(apiRoute);
    const schedules = startScheduleTrigger(runtime, options.schedules === false ? [] : config.triggers.schedules, { log });
    started.push({ close: () => schedules.stop() });
    const kafka = startKafkaTrigger(runtime, options.kafka === false ? [] : config.triggers.kafka, { log, stopGraceMs: config.server.shutdownGraceMs });
    started.push({ close: () => kafka.stop() });
    await kafka.ready;
    const consoleServer = options.console ? await startConsoleServer(runtime, { host: config.server.host, port: options.console.port, bodyLimitBytes: config.server.bodyLimitBytes }) : undefined;
    if (consoleServer) started.push(consoleServer);
    if (options.watch) {
      const watcher = await watchLogics(runtime, options.watch);
      // Closed first (`started` closes last to first): no reload once shutdown begins.
      started.push(watcher);
    }
    return { runtime, apiRoute, schedules, kafka, console: consoleServer, close: closeStarted };
  } catch (error) {
    await closeStarted();
    throw error;
  }
}
