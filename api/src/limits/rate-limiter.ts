/**
 * Sliding-window request counter (the weighted two-window approximation): a key may make `limit`
 * requests in any window of `windowMs`.
 *
 * The counts are shared by every API process through a CounterStore (the rate_counter table,
 * DESIGN §7). Deciding never waits for the database: each process decides from the shared counts
 * as last read plus its own requests not yet added, and exchanges them with the store a few times
 * a second (`syncMs`). Between two exchanges N processes may together let through up to
 * N × (requests in one sync interval) more than the limit — a flood guard's precision. If the store
 * cannot be reached, each process goes on counting on its own (logged) rather than refuse everyone.
 * Memory is bounded: keys idle for two windows are dropped.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests counted in the current sliding window, this one included. */
  actual: number;
  windowSeconds: number;
  retryAfterSeconds: number;
}

export interface WindowCount { key: string; windowStart: number; n: number }

/** Where the counts of all processes meet. */
export interface CounterStore {
  /** Adds `deltas` to the stored counts, then returns the stored counts of `keys` in the given windows. */
  exchange(deltas: WindowCount[], keys: string[], windowStarts: number[]): Promise<WindowCount[]>;
  /** Forgets windows that started before `before`. */
  forget(before: number): Promise<void>;
}

interface Bucket {
  start: number;
  /** Shared count of the current window as last read (this process's added requests included). */
  current: number;
  /** Shared count of the previous window as last read. */
  previous: number;
  /** This process's requests in the current window not yet added to the store. */
  pending: number;
  /** Requests of the previous window that were still pending when the window turned. */
  pendingPrevious: number;
  /** When this process last counted a request of the key: its shared count is re-read while it is active. */
  lastHit: number;
}

/** Keys seen within this long are kept up to date at every exchange (at most MAX_READ of them). */
const ACTIVE_MS = 10_000;
const MAX_READ = 2_000;

export class SlidingWindowLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;
  private lastForget = 0;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly store: CounterStore | null = null,
    private readonly onStoreError: (err: unknown) => void = () => undefined,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request of `key` at `now` and says whether it is within the limit (refused requests are not counted). */
  hit(key: string, now: number): RateDecision {
    const windowSeconds = Math.round(this.windowMs / 1000);
    if (this.limit <= 0) return { allowed: true, limit: 0, actual: 0, windowSeconds, retryAfterSeconds: 0 };
    this.sweep(now);
    const start = now - (now % this.windowMs);
    let b = this.buckets.get(key);
    if (!b) {
      b = { start, current: 0, previous: 0, pending: 0, pendingPrevious: 0, lastHit: now };
      this.buckets.set(key, b);
    } else if (b.start !== start) {
      const adjacent = start - b.start === this.windowMs;
      b.previous = adjacent ? b.current + b.pending : 0;
      b.pendingPrevious = adjacent ? b.pending : 0;
      b.current = 0;
      b.pending = 0;
      b.start = start;
    }
    b.lastHit = now;
    const weight = 1 - (now - start) / this.windowMs;
    const estimate = Math.floor(b.previous * weight) + b.current + b.pending + 1;
    if (estimate > this.limit) {
      // By the end of the current window the previous one no longer weighs: an upper bound.
      const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
      return { allowed: false, limit: this.limit, actual: estimate, windowSeconds, retryAfterSeconds };
    }
    b.pending += 1;
    return { allowed: true, limit: this.limit, actual: estimate, windowSeconds, retryAfterSeconds: 0 };
  }

  /**
   * Adds this process's pending requests to the store and reads back the shared counts of the keys
   * used in the last ACTIVE_MS. One exchange at a time; resolves when it is done.
   */
  sync(now: number): Promise<void> {
    if (!this.store || this.limit <= 0) return Promise.resolve();
    this.syncing ??= this.exchange(now).finally(() => { this.syncing = null; });
    return this.syncing;
  }

  private async exchange(now: number): Promise<void> {
    const store = this.store!;
    const deltas: WindowCount[] = [];
    const keys: string[] = [];
    const taken: Array<[Bucket, number, number]> = [];
    for (const [key, b] of this.buckets) {
      if (b.pending > 0) deltas.push({ key, windowStart: b.start, n: b.pending });
      if (b.pendingPrevious > 0) deltas.push({ key, windowStart: b.start - this.windowMs, n: b.pendingPrevious });
      if (b.pending > 0 || b.pendingPrevious > 0) taken.push([b, b.pending, b.pendingPrevious]);
      if (now - b.lastHit < ACTIVE_MS && keys.length < MAX_READ) keys.push(key);
    }
    if (deltas.length === 0 && keys.length === 0) return;
    const start = now - (now % this.windowMs);
    // The requests are handed over now: the stored counts read back include them.
    for (const [b, pending, pendingPrevious] of taken) {
      b.pending -= pending;
      b.pendingPrevious -= pendingPrevious;
      if (b.start === start) b.current += pending;
    }
    try {
      const rows = await store.exchange(deltas, keys, [start, start - this.windowMs]);
      for (const r of rows) {
        const b = this.buckets.get(r.key);
        if (!b) continue;
        if (r.windowStart === b.start) b.current = r.n;
        else if (r.windowStart === b.start - this.windowMs) b.previous = r.n;
      }
      if (now - this.lastForget >= this.windowMs) {
        this.lastForget = now;
        await store.forget(start - this.windowMs);
      }
    } catch (err) {
      // Not stored: count them locally still (b.current already holds them), and say so.
      this.onStoreError(err);
    }
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs && this.buckets.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (now - b.start >= 2 * this.windowMs && b.pending === 0) this.buckets.delete(k);
    // Under a flood of distinct keys, forget the oldest rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) {
      const excess = this.buckets.size - Math.floor(this.maxKeys / 2);
      let i = 0;
      for (const k of this.buckets.keys()) {
        if (i++ >= excess) break;
        this.buckets.delete(k);
      }
    }
  }
}
