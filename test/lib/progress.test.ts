import { describe, expect, it } from "vitest";
import type { Logger } from "../../lib/log";
import { progressReporter } from "../../lib/progress";
import { progressOf } from "../../runtime/executor/live-executions";

function recorder() {
  const lines: object[] = [];
  const log: Logger = { info: (entry) => lines.push(entry), warn() {}, error() {} };
  return { lines, log };
}

describe("progress lines of a long batch", () => {
  it("says at most one line per interval, and always the last, which the console reads back", () => {
    const { lines, log } = recorder();
    let now = 0;
    const progress = progressReporter(log, 5, () => now, 1000);
    progress.advance(); // first: said
    now = 400;
    progress.advance(); // within the interval: quiet
    progress.advance();
    now = 1100;
    progress.advance(); // a second later: said
    progress.advance(); // the last: always said
    expect(lines).toEqual([
      { event: "progress", progress: { done: 1, total: 5 } },
      { event: "progress", progress: { done: 4, total: 5 } },
      { event: "progress", progress: { done: 5, total: 5 } },
    ]);
    expect(lines.map((line) => progressOf(JSON.stringify(line)))).toEqual([
      { done: 1, total: 5 },
      { done: 4, total: 5 },
      { done: 5, total: 5 },
    ]);
  });

  it("is not read from lines that only look like progress", () => {
    for (const message of ['progress 3/4', '{"progress":{"done":"3","total":4}}', '{"progress":{"done":1,"total":0}}', '{"progress":null}', '"progress"']) {
      expect(progressOf(message)).toBeUndefined();
    }
    expect(progressOf('{"progress":{"done":9,"total":4}}')).toEqual({ done: 4, total: 4 });
  });
});
