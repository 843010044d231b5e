/**
 * `GET /api/events`: server-sent events telling the console page that an execution started,
 * changed or finished (`event: execution`, data: its summary). A running execution's updates (one
 * per log line: a batch of 1,000 orders logs 1,000) are sent at most every `intervalMs`, the last
 * one always.
 */
import type { ServerResponse } from "node:http";
import type { LocalRuntime } from "../executor";
import type { ExecutionActivity } from "../executor/live-executions";
import { liveSummary, recordSummary } from "./execution-views";

const KEEPALIVE_MS = 15_000;

export class ActivityStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastSent = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    runtime: LocalRuntime,
    private readonly intervalMs = 250,
  ) {
    this.unsubscribe = runtime.onActivity((activity) => this.onActivity(activity));
    this.keepalive = setInterval(() => this.write(": keepalive\n\n"), KEEPALIVE_MS).unref();
  }

  attach(response: ServerResponse): void {
    response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
    response.write("retry: 1000\n\n");
    this.clients.add(response);
    response.on("close", () => this.clients.delete(response));
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.keepalive);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private onActivity(activity: ExecutionActivity): void {
    if (this.clients.size === 0) return;
    const { executionId } = activity.execution;
    if (activity.kind !== "updated") {
      clearTimeout(this.pending.get(executionId));
      this.pending.delete(executionId);
      if (activity.kind === "finished") this.lastSent.delete(executionId);
      else this.lastSent.set(executionId, Date.now());
      this.send(activity.kind === "finished" ? recordSummary(activity.record, activity.execution.dataProcesses) : liveSummary(activity.execution));
      return;
    }
    if (this.pending.has(executionId)) return;
    const wait = Math.max(0, (this.lastSent.get(executionId) ?? 0) + this.intervalMs - Date.now());
    const timer = setTimeout(() => {
      this.pending.delete(executionId);
      if (activity.execution.state === "finished") return;
      this.lastSent.set(executionId, Date.now());
      this.send(liveSummary(activity.execution));
    }, wait);
    this.pending.set(executionId, timer);
  }

  private send(summary: unknown): void {
    this.write(`event: execution\ndata: ${JSON.stringify(summary)}\n\n`);
  }

  private write(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}
