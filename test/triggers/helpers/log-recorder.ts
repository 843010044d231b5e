import type { TriggerLog, TriggerLogEvent } from "../../../runtime/triggers/api-route";

/** Collects log events and lets a test await the first one matching. */
export class LogRecorder {
  readonly events: TriggerLogEvent[] = [];
  private readonly waiters: Array<{ matches: (event: TriggerLogEvent) => boolean; resolve: (event: TriggerLogEvent) => void }> = [];

  readonly log: TriggerLog = (event) => {
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.matches(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  };

  next(matches: (event: TriggerLogEvent) => boolean): Promise<TriggerLogEvent> {
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ matches, resolve }));
  }

  lines(): string[] {
    return this.events.map((event) => JSON.stringify(event));
  }
}
