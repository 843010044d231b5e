/**
 * What went wrong in a measured order run, one line each: files missing or wrong on disk, orders
 * the approach did not report as downloaded, an execution status other than 200, odd events.
 * An empty list means the run did all its work, so its time means something.
 */
import type { OrderRun } from "./order-run";

export function downloadedProblems(what: string, run: OrderRun, orders: number): string[] {
  const { child, files } = run;
  return [
    ...files.problems.map((problem) => `${what}: ${problem}`),
    ...(child.downloaded !== orders ? [`${what}: reported ${child.downloaded} of ${orders} orders downloaded`] : []),
    ...(child.status !== null && child.status !== 200 ? [`${what}: execution status ${child.status}`] : []),
    ...child.notes.map((note) => `${what}: ${note}`),
  ];
}
