/**
 * Sliding-window request counter (the weighted two-window approximation): a key may make `limit`
 * requests in any window of `windowMs`. Process-local: with N API processes behind a load balancer
 * a client gets up to N × limit; DESIGN §7 wants the counters in the database or Redis, which is the
 * known gap. Memory is bounded: keys idle for two windows are dropped.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests counted in the current sliding window, this one included. */
  actual: number;
  windowSeconds: number;
  retryAfterSeconds: number;
}

interface Bucket { start: number; current: number; previous: number }

export class SlidingWindowLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxKeys = 100_000) {}

  /** Counts one request of `key` at `now` and says whether it is within the limit (refused requests are not counted). */
  hit(key: string, now: number): RateDecision {
    const windowSeconds = Math.round(this.windowMs / 1000);
    if (this.limit <= 0) return { allowed: true, limit: 0, actual: 0, windowSeconds, retryAfterSeconds: 0 };
    this.sweep(now);
    const start = now - (now % this.windowMs);
    let b = this.buckets.get(key);
    if (!b) {
      b = { start, current: 0, previous: 0 };
      this.buckets.set(key, b);
    } else if (b.start !== start) {
      b.previous = start - b.start === this.windowMs ? b.current : 0;
      b.current = 0;
      b.start = start;
    }
    const weight = 1 - (now - start) / this.windowMs;
    const estimate = Math.floor(b.previous * weight) + b.current + 1;
    if (estimate > this.limit) {
      // By the end of the current window the previous one no longer weighs: an upper bound.
      const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
      return { allowed: false, limit: this.limit, actual: estimate, windowSeconds, retryAfterSeconds };
    }
    b.current += 1;
    return { allowed: true, limit: this.limit, actual: estimate, windowSeconds, retryAfterSeconds: 0 };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs && this.buckets.size < this.maxKeys) return;
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (now - b.start >= 2 * this.windowMs) this.buckets.delete(k);
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
