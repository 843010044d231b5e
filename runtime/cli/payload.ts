/** The manual trigger's payload file, read and checked to be JSON. */
import { readFile } from "node:fs/promises";
import { InputError } from "./usage";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The payload file's text (`-` for stdin), checked to be JSON. */
export async function readPayloadText(file: string): Promise<string> {
  const shown = file === "-" ? "stdin" : file;
  let text: string;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`payload ${shown}: cannot read it (${code === "ENOENT" ? "no such file" : code ?? (error as Error).message})`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InputError(`payload ${shown}: not valid JSON (${(error as Error).message})`);
  }
  return text;
}
