/**
 * Everything the CLI prints goes through here: a payload, a log line or an error can carry bytes a
 * terminal obeys (ESC sequences that clear the screen or retitle the window, CR overwriting a line,
 * C1 controls such as CSI U+009B). They are shown as `\uXXXX` instead — also valid inside a JSON
 * string, so JSON output parses to the same value.
 */

/** C0 controls but newline and tab, DEL, and C1 controls (as code points). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalText(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One message on stdout or stderr, escaped, with its newline. */
export function printLine(stream: "stdout" | "stderr", text: string): void {
  process[stream].write(`${terminalText(text)}\n`);
}

/** A value as indented JSON on stdout: the execution summary, a stored execution. */
export function printJson(value: unknown): void {
  printLine("stdout", JSON.stringify(value, null, 2));
}
