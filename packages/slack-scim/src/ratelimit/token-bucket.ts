import type { RateLimitRule } from "./slack-limits.js";

/** Slowest a 429 can make a bucket: an eighth of its published rate. */
const minFactor = 0.125;

/**
 * One limit as a token bucket: `capacity` tokens, refilled at `perMinute / 60_000` per millisecond. Tokens are
 * reserved ahead (the count may go negative): a request takes its token at once and waits until the debt is
 * paid, so waiters are served in order without polling. A 429 halves the refill rate (and drains the bucket);
 * the rate recovers linearly to the published one over twice the time a full bucket takes to refill.
 *
 * `pending` counts requests that left (their wait is over) and have not been answered yet. The server's bucket
 * cannot hold more than its burst while they are on their way, so `tokens + pending` never exceeds the
 * capacity: refill the server could not store (it was full while our requests travelled) is not counted either.
 *
 * @internal
 */
export class TokenBucket {
  /** The limit's name, for log lines. */
  readonly name: string;
  /** Tokens when full. */
  readonly capacity: number;
  /** Published refill rate, tokens per ms. */
  readonly rate: number;
  /** Ms for the rate factor to climb from 0 back to 1. */
  readonly recoveryMs: number;
  tokens: number;
  factor = 1;
  pending = 0;
  /** Requests holding a reserved token while they wait for it. */
  waiting = 0;
  /** No request leaves before this time (ms, `performance.now()`): the end of the last `Retry-After`. */
  notBefore = 0;
  /** Counts the 429s this bucket slowed down for: a waiter scheduled before one must queue again. */
  epoch = 0;
  #updatedAt: number;

  constructor(name: string, rule: RateLimitRule, now: number) {
    this.name = name;
    // One token of headroom: a request sent a fraction of a millisecond early (timer rounding, a late
    // arrival of the one before it) must still find a token in the server's bucket.
    this.capacity = rule.burst >= 2 ? rule.burst - 1 : rule.burst;
    this.rate = rule.perMinute / 60_000;
    this.recoveryMs = (2 * rule.burst) / this.rate;
    this.tokens = this.capacity;
    this.#updatedAt = now;
  }

  /** Brings tokens and the rate factor up to `now`; true when the factor has just returned to 1. */
  refill(now: number): boolean {
    const elapsed = now - this.#updatedAt;
    if (elapsed <= 0) return false;
    this.#updatedAt = now;
    this.tokens = Math.min(this.capacity - this.pending, this.tokens + elapsed * this.rate * this.factor);
    if (this.factor >= 1) return false;
    this.factor = Math.min(1, this.factor + elapsed / this.recoveryMs);
    return this.factor >= 1;
  }

  /**
   * Ms until one token is free (0 when one is) and any `Retry-After` has passed. Call after
   * {@link TokenBucket.refill}.
   */
  waitMs(now: number): number {
    const debt = this.tokens >= 1 ? 0 : (1 - this.tokens) / (this.rate * this.factor);
    return Math.max(debt, this.notBefore - now);
  }

  /**
   * After a 429: halve the rate and empty the bucket, with a debt covering `retryAfterMs` so no request leaves
   * before the server said it may. The reservations of the requests waiting here are taken back (they queue
   * again when they wake, seeing the new `epoch`), so the debt is counted from an empty bucket.
   */
  slowDown(retryAfterMs: number, now: number): void {
    this.epoch += 1;
    // The rate recovers while the debt is paid, so the Retry-After itself is a floor of its own.
    this.notBefore = Math.max(this.notBefore, now + retryAfterMs);
    this.factor = Math.max(minFactor, this.factor / 2);
    this.tokens = Math.min(this.tokens + this.waiting, 0, 1 - retryAfterMs * this.rate * this.factor);
    this.waiting = 0;
  }
}
