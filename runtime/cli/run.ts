/**
 * `loc-local run --generic <file>… --aggregator <file> --payload <file|-> …`: logic files from
 * anywhere on disk run as one data process, with no configuration file.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { configSchema } from "../config/schema";
import { startRuntime, type RuntimeOptions } from "../executor";
import { executeManually, reportExecution } from "./manual-execution";
import { readPayloadText } from "./payload";
import { UsageError } from "./usage";

/** `NAME=VALUE` pairs of a repeated option. */
function pairs(option: string, values: string[] | undefined): Array<[string, string]> {
  return (values ?? []).map((pair) => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`run: --${option} expects NAME=VALUE, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

function milliseconds(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`run: --${option} expects a positive number of milliseconds, got "${value}"`);
  return ms;
}

export async function runCommand(args: string[], runtimeOptions: RuntimeOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      generic: { type: "string", short: "g", multiple: true },
      aggregator: { type: "string", short: "a" },
      payload: { type: "string", short: "p" },
      http: { type: "string", multiple: true },
      files: { type: "string", multiple: true },
      var: { type: "string", multiple: true },
      "secret-var": { type: "string", multiple: true },
      name: { type: "string", default: "local" },
      timeout: { type: "string" },
      "state-dir": { type: "string", default: ".loc" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`run: unexpected argument "${positionals[0]}" (logic files go after --generic / --aggregator)`);
  if (!values.aggregator) throw new UsageError("run: --aggregator <file> is required");
  if (!values.payload) throw new UsageError("run: --payload <file|-> is required");
  const http = pairs("http", values.http);
  for (const [name, url] of http) if (!URL.canParse(url)) throw new UsageError(`run: --http ${name}: "${url}" is not a URL`);
  const variables = {
    ...Object.fromEntries(pairs("var", values.var)),
    ...Object.fromEntries(pairs("secret-var", values["secret-var"]).map(([key, value]) => [key, { value, secret: true }])),
  };
  const parsed = configSchema.safeParse({
    stateDir: resolve(values["state-dir"]),
    dataProcesses: {
      [values.name]: {
        generic: (values.generic ?? []).map((file) => resolve(file)),
        aggregator: resolve(values.aggregator),
        timeoutMs: milliseconds("timeout", values.timeout),
        variables,
      },
    },
    agents: {
      http: Object.fromEntries(http.map(([name, baseUrl]) => [name, { baseUrl }])),
      fileStorage: Object.fromEntries(pairs("files", values.files).map(([name, dir]) => [name, { root: resolve(dir) }])),
    },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`run: ${issue?.path.map(String).join(".")}: ${issue?.message}`);
  }
  const payloadText = await readPayloadText(values.payload);
  const runtime = await startRuntime(parsed.data, runtimeOptions);
  try {
    return reportExecution(await executeManually(runtime, values.name, payloadText));
  } finally {
    await runtime.close(0);
  }
}
