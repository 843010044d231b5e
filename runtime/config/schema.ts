/**
 * The local runtime's configuration file (`loc.config.json`), validated at the edge.
 *
 * Any string value below may be an environment reference: `env:NAME` (required) or
 * `env:NAME:-default`. References are resolved by `loadConfig`, so secrets stay out of the file.
 * Relative paths are relative to the config file's folder.
 */
import { z } from "zod";

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "expected a name of letters, digits, '.', '_' or '-'");
const milliseconds = z.number().int().positive();

/** A logic variable: a value, or `{ value, secret: true }` to redact it from every log. */
export const logicVariableSchema = z.union([
  z.string(),
  z.object({ value: z.string(), secret: z.boolean().default(false) }).strict(),
]);

/** LOC's bounds on a data process's execution timeout: 6–300 s, 180 s unless set. */
export const DATA_PROCESS_TIMEOUT_MS = { min: 6_000, max: 300_000, default: 180_000 } as const;

const dataProcessTimeoutRange = `LOC allows a data process timeout of ${DATA_PROCESS_TIMEOUT_MS.min}–${DATA_PROCESS_TIMEOUT_MS.max} ms (6–300 s)`;

/** LOC answers a synchronous API route with 202 after 15 s while the execution goes on. */
export const API_ROUTE_SYNC_WAIT_MS = 15_000;

export const dataProcessSchema = z.strictObject(
  {
    /** Logic bundles (or TypeScript sources, built on load), run in order. */
    generic: z.array(z.string()).default([]),
    aggregator: z.string(),
    /**
     * The execution timeout of this data process (the only one: LOC has no per-logic timeout);
     * past it the task ends with 202.
     */
    timeoutMs: z
      .number({ error: `expected a number of milliseconds; ${dataProcessTimeoutRange}` })
      .int({ error: `expected a whole number of milliseconds; ${dataProcessTimeoutRange}` })
      .min(DATA_PROCESS_TIMEOUT_MS.min, { error: (issue) => `${String(issue.input)} ms is too short; ${dataProcessTimeoutRange}` })
      .max(DATA_PROCESS_TIMEOUT_MS.max, { error: (issue) => `${String(issue.input)} ms is too long; ${dataProcessTimeoutRange}` })
      .default(DATA_PROCESS_TIMEOUT_MS.default),
    /** Logic variables for every logic of this data process. */
    variables: z.record(z.string(), logicVariableSchema).default({}),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" && issue.keys.includes("logicTimeoutMs")
        ? `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(", ")}: LOC has no per-logic timeout, remove "logicTimeoutMs" (the data process's timeoutMs bounds the whole execution)`
        : undefined,
  },
);

export const httpAgentConfigSchema = z
  .object({
    /**
     * Scheme, host, port and an optional path prefix: every request of the configuration goes
     * there. The empty string means "not configured" (an optional agent whose env reference was
     * left unset): acquiring it fails.
     */
    baseUrl: z.string(),
    headers: z.record(z.string(), z.string()).default({}),
    timeoutMs: milliseconds.default(30_000),
  })
  .strict();

export const fileStorageConfigSchema = z.object({ root: z.string() }).strict();

export const apiRouteSchema = z
  .object({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z.string().startsWith("/"),
    dataProcesses: z.array(name).min(1),
    mode: z.enum(["sync", "async"]).default("sync"),
    encapsulation: z.boolean().default(true),
    /**
     * How long a synchronous request waits for the execution before answering 202 with its id
     * (the execution goes on; its result is then read at `GET /executions/{executionId}`).
     */
    timeoutMs: milliseconds.default(API_ROUTE_SYNC_WAIT_MS),
  })
  .strict();

export const kafkaSubscriptionSchema = z
  .object({
    /** Comma-separated `host:port` list (string, so it can be an env reference). */
    brokers: z.string().default("env:KAFKA_BROKERS:-127.0.0.1:9092"),
    topic: z.string().min(1),
    groupId: z.string().min(1),
    dataProcesses: z.array(name).min(1),
    /** Where execution results are published, keyed like the request; omit for none. */
    replyTopic: z.string().min(1).optional(),
    /** `auto`: subscribe only when a broker answers at start (retrying in the background otherwise). */
    enabled: z.union([z.boolean(), z.literal("auto")]).default("auto"),
    /** Records of one partition executing at once (same-key and keyless records still in offset order); default 8. */
    maxInFlightPerPartition: z.number().int().min(1).max(256).optional(),
  })
  .strict();

export const scheduleSchema = z
  .object({
    /** Cron expression, 5 or 6 fields (seconds first when 6). */
    cron: z.string().min(1),
    dataProcesses: z.array(name).min(1),
    enabled: z.boolean().default(true),
  })
  .strict();

export const configSchema = z
  .object({
    /** Where executions and local storage are kept. */
    stateDir: z.string().default(".loc"),
    /** Stored executions older than this are removed (at start, then as new ones are stored). */
    executionRetentionHours: z.number().positive().default(7 * 24),
    dataProcesses: z.record(name, dataProcessSchema),
    agents: z
      .object({
        http: z.record(name, httpAgentConfigSchema).default({}),
        fileStorage: z.record(name, fileStorageConfigSchema).default({}),
      })
      .strict()
      .default({ http: {}, fileStorage: {} }),
    /** Bounded execution concurrency (runtime/executor/execution-slots.ts). */
    executions: z
      .object({
        /** Executions running at once; default: 4 per core (they mostly wait on I/O). */
        maxRunning: z.number().int().min(1).max(1024).optional(),
        /** Executions waiting for a slot; past it an API route answers 503 with Retry-After. */
        maxQueued: z.number().int().min(0).max(100_000).default(256),
      })
      .strict()
      .default({ maxQueued: 256 }),
    /** The local console (runtime/console/): its own port on `server.host`, served by `loc-local serve`. */
    console: z
      .object({
        enabled: z.boolean().default(true),
        /** 0 picks a free port. */
        port: z.number().int().min(0).max(65535).default(8081),
      })
      .strict()
      .default({ enabled: true, port: 8081 }),
    /** Extra literal values to redact from logs and results (usually env references). */
    secrets: z.array(z.string()).default([]),
    server: z
      .object({
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(8080),
        bodyLimitBytes: z.number().int().positive().default(1024 * 1024),
        /** How long graceful shutdown waits for running executions. */
        shutdownGraceMs: milliseconds.default(10_000),
      })
      .strict()
      .default({ host: "127.0.0.1", port: 8080, bodyLimitBytes: 1024 * 1024, shutdownGraceMs: 10_000 }),
    triggers: z
      .object({
        apiRoutes: z.array(apiRouteSchema).default([]),
        kafka: z.array(kafkaSubscriptionSchema).default([]),
        schedules: z.array(scheduleSchema).default([]),
      })
      .strict()
      .default({ apiRoutes: [], kafka: [], schedules: [] }),
  })
  .strict();

export type RuntimeConfig = z.infer<typeof configSchema>;
export type DataProcessConfig = z.infer<typeof dataProcessSchema>;
export type HttpAgentConfig = z.infer<typeof httpAgentConfigSchema>;
export type FileStorageConfig = z.infer<typeof fileStorageConfigSchema>;
export type ApiRouteConfig = z.infer<typeof apiRouteSchema>;
export type KafkaSubscriptionConfig = z.infer<typeof kafkaSubscriptionSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
