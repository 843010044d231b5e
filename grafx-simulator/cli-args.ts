import { parseArgs } from "node:util";
import { faultSchema, type Fault } from "./faults";
import { outputFormatSchema, type OutputFormat } from "./formats";
import type { GrafxSimulatorOptions } from "./options";
import { describeZodError } from "./validation";

export interface CliSettings {
  help: boolean;
  options: GrafxSimulatorOptions;
  sampleTasks: { count: number; format: OutputFormat; durationMs?: number; sizeBytes?: number };
}

export const cliUsage = `Usage: npx tsx grafx-simulator/cli.ts [options]
  --port N             API origin port (default 0: any free port)
  --second-port N      second origin port (default 0)
  --host H             bind address (default 127.0.0.1)
  --environment NAME   GraFx environment name (default sim-env)
  --client-id ID       accepted client id (default sim-client)
  --client-secret S    accepted client secret (default sim-secret)
  --token-ttl S        token lifetime in seconds (default 3600)
  --tasks N            sample output tasks to create (default 3)
  --format F           their format: pdf png jpg gif mp4 zip (default pdf)
  --duration-ms MS     how long each task runs before it succeeds (default 0)
  --size BYTES         output size of each task (default 1024)
  --help               this text
  --fault SPEC         a global fault, repeatable: KIND[=VALUE][,stage=STAGE][,times=N]
                       latency=MS  rateLimit=RETRY_AFTER_S  error=STATUS  reset  hang
                       truncate=AFTER_BYTES  secondOrigin  expireTokens  expireTokens=AFTER_S
                       redirect  echoToken=STATUS  link=TEXT (no commas)
                       STAGE: token create status download any`;

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${flag}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

/** `rateLimit=2,stage=status,times=1` → `{ rateLimit: { retryAfterSeconds: 2 }, stage: "status", times: 1 }`. */
export function parseFaultSpec(spec: string): Fault {
  const [effect = "", ...modifiers] = spec.split(",");
  const [kind = "", value] = effect.split("=", 2);
  const number = (fallback?: number) => {
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined || !/^\d+$/.test(value)) throw new Error(`--fault ${spec}: ${kind} needs a number, as ${kind}=N`);
    return Number(value);
  };
  const fault: Record<string, unknown> = {};
  switch (kind) {
    case "latency":
    case "latencyMs":
      fault.latencyMs = number();
      break;
    case "rateLimit":
      fault.rateLimit = { retryAfterSeconds: number(1) };
      break;
    case "error":
      fault.error = { status: number(503) };
      break;
    case "truncate":
      fault.truncate = { afterBytes: number() };
      break;
    case "expireTokens":
      fault.expireTokens = value === undefined ? true : { afterSeconds: number() };
      break;
    case "echoToken":
      fault.echoToken = { status: number(401) };
      break;
    case "link":
      fault.link = value ?? "";
      break;
    case "reset":
    case "hang":
    case "secondOrigin":
    case "redirect":
      fault[kind] = true;
      break;
    default:
      throw new Error(`--fault ${spec}: unknown fault "${kind}"`);
  }
  for (const modifier of modifiers) {
    const [key, modifierValue] = modifier.split("=", 2);
    if (key === "stage") fault.stage = modifierValue;
    else if (key === "times") fault.times = integer("fault times", modifierValue);
    else throw new Error(`--fault ${spec}: unknown modifier "${modifier}" (stage=…, times=…)`);
  }
  const parsed = faultSchema.safeParse(fault);
  if (!parsed.success) throw new Error(`--fault ${spec}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** Command-line flags → simulator options and the sample tasks to create. Throws on bad flags. */
export function parseCliArgs(argv: string[]): CliSettings {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      "second-port": { type: "string" },
      host: { type: "string" },
      environment: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "token-ttl": { type: "string" },
      tasks: { type: "string" },
      format: { type: "string" },
      "duration-ms": { type: "string" },
      size: { type: "string" },
      fault: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const format = outputFormatSchema.safeParse(values.format ?? "pdf");
  if (!format.success) throw new Error(`--format: expected one of ${outputFormatSchema.options.join(", ")}`);
  return {
    help: values.help ?? false,
    options: {
      port: integer("port", values.port),
      secondOriginPort: integer("second-port", values["second-port"]),
      host: values.host,
      environment: values.environment,
      clientId: values["client-id"],
      clientSecret: values["client-secret"],
      tokenTtlSeconds: integer("token-ttl", values["token-ttl"]),
      faults: (values.fault ?? []).map(parseFaultSpec),
    },
    sampleTasks: {
      count: integer("tasks", values.tasks) ?? 3,
      format: format.data,
      durationMs: integer("duration-ms", values["duration-ms"]),
      sizeBytes: integer("size", values.size),
    },
  };
}
