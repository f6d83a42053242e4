import type { IncomingEvent, Store } from '../store/port.ts';

interface Pending {
  events: readonly IncomingEvent[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface BatcherOptions {
  /** How long to wait for more events once the first one of a flush arrives. */
  flushIntervalMs: number;
  /** The most events one transaction takes; a larger backlog is flushed in several. */
  maxBatchEvents: number;
}

/**
 * Group commit: requests hand their events here and wait; one flush at a time writes everything
 * that arrived meanwhile in a single transaction, then resolves every waiting request. A request
 * is acknowledged only after the transaction holding its events committed. While one flush runs,
 * the next one fills up, so throughput grows with load instead of transactions per second.
 */
export class BatchingWriter {
  private queue: Pending[] = [];
  private queued = 0;
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: Array<() => void> = [];
  flushes = 0;

  constructor(
    private readonly store: Pick<Store, 'appendEvents'>,
    private readonly options: BatcherOptions,
  ) {}

  /** Resolves when the events are committed; resent message ids are dropped, not errors. */
  write(events: readonly IncomingEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.queued += events.length;
      this.schedule();
    });
  }

  /** Resolves once everything written so far is committed (or failed). */
  drain(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule() {
    if (this.flushing || this.timer) return;
    if (this.queued >= this.options.maxBatchEvents || this.options.flushIntervalMs === 0) {
      void this.flush();
    } else {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
    }
  }

  private async flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const take: Pending[] = [];
        let n = 0;
        while (
          this.queue.length > 0 &&
          (take.length === 0 || n + this.queue[0]!.events.length <= this.options.maxBatchEvents)
        ) {
          const p = this.queue.shift()!;
          take.push(p);
          n += p.events.length;
        }
        this.queued -= n;
        this.flushes++;
        try {
          await this.store.appendEvents(take.flatMap((p) => p.events));
          for (const p of take) p.resolve();
        } catch (err) {
          for (const p of take) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
      const waiters = this.idle;
      this.idle = [];
      for (const w of waiters) w();
    }
  }
}
