import type { RateLimitRule } from "./slack-limits.js";

/** Slowest a 429 can make a bucket: an eighth of its published rate. */
const minFactor = 0.125;

/**
 * A 429 on a request that left before the last slow-down moves `notBefore` only when its `Retry-After` ends
 * this much later: the answers to one wave of requests come milliseconds apart, and `Retry-After` counts whole
 * seconds.
 */
const sameEpisodeSlackMs = 500;

/**
 * One limit as a token bucket: `capacity` tokens, refilled at `perMinute / 60_000` per millisecond. The limiter
 * takes a token only at the moment a request leaves, from every bucket the request counts against at once, and
 * only when each of them has one. A 429 halves the refill rate and empties the bucket; the rate recovers
 * linearly to the published one over twice the time a full bucket takes to refill.
 *
 * Time is the bucket's own clock, `#updatedAt`: tokens are counted as of that instant. It normally follows
 * `now`, but a 429 moves it to the end of the `Retry-After` (`notBefore`) with an empty bucket, and
 * {@link TokenBucket.refill} counts nothing before it. So the refill the `Retry-After` would otherwise pile up is
 * never counted, and what leaves after a `Retry-After` is paced at the (slowed) rate, never a burst. (This is
 * GCRA's virtual scheduling with the theoretical arrival time pushed to `notBefore`.)
 *
 * {@link TokenBucket.reserve} may also be given a departure in the future (a debt): the bucket then keeps the
 * latest departure given out (`tail`), and a later reservation leaves no earlier than one interval after it, so
 * two schedules at two rates never interleave into twice the rate. The limiter itself only reserves at `now`.
 *
 * `pending` counts requests that have their tokens and have not been answered yet. The server's bucket cannot
 * hold more than its burst while they are on their way, so `tokens + pending` never exceeds the capacity: refill
 * the server could not store (it was full while our requests travelled) is not counted either. (The limiter
 * refills before a request stops counting as pending, so this holds at every instant.)
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
  /** No request leaves before this time (ms, `performance.now()`): the end of the last `Retry-After`. */
  notBefore = 0;
  /** When the last 429 slowed this bucket down (ms, `performance.now()`); `-Infinity` before any. */
  slowedAt = Number.NEGATIVE_INFINITY;
  /** The latest departure given to a request (ms, `performance.now()`); `-Infinity` after a 429. */
  tail = Number.NEGATIVE_INFINITY;
  /** The most requests seen waiting on this bucket during the current `Retry-After`. */
  heldBack = 0;
  /** The slowed rate starts climbing back only from this time (ms); see {@link TokenBucket.noteBacklog}. */
  climbFrom = Number.NEGATIVE_INFINITY;
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

  /**
   * Brings tokens and the rate factor up to `now`; true when the factor has just returned to 1. Nothing is
   * counted before `notBefore`: inside a `Retry-After` the bucket stays as the 429 left it.
   */
  refill(now: number): boolean {
    const from = this.#updatedAt;
    const elapsed = now - from;
    if (elapsed <= 0) return false;
    this.#updatedAt = now;
    this.tokens = Math.min(this.capacity - this.pending, this.tokens + elapsed * this.rate * this.factor);
    if (this.factor >= 1) return false;
    const climbing = now - Math.max(from, this.climbFrom);
    if (climbing > 0) this.factor = Math.min(1, this.factor + climbing / this.recoveryMs);
    return this.factor >= 1;
  }

  /**
   * Tells the bucket how many requests wait on it now; call before {@link TokenBucket.refill}. The requests
   * that waited through a `Retry-After` leave at the slowed rate (as many as the `Retry-After` held back at the
   * published rate, at most); the rate climbs back only once they have left. Without this, a queue that met a
   * 429 would speed up to the published rate while it drains, just after the server said the budget was short.
   */
  noteBacklog(waiting: number, now: number): void {
    if (now < this.notBefore) {
      if (waiting > this.heldBack) this.heldBack = waiting;
      return;
    }
    if (this.heldBack === 0) return;
    const heldMs = Math.max(0, this.notBefore - this.slowedAt);
    const count = Math.min(this.heldBack, this.rate * heldMs);
    this.climbFrom = Math.max(this.climbFrom, this.notBefore + count / (this.rate * this.factor));
    this.heldBack = 0;
  }

  /**
   * Ms until this bucket has the token a request takes: the rest of any `Retry-After`, then the debt at the
   * current rate (0 when a token is there now). Call after {@link TokenBucket.refill}.
   */
  waitMs(now: number): number {
    const interval = 1 / (this.rate * this.factor);
    const debt = this.tokens >= 1 ? 0 : (1 - this.tokens) * interval;
    const wait = Math.max(0, this.#updatedAt - now) + debt;
    return this.tail > now ? Math.max(wait, this.tail - now + interval) : wait;
  }

  /** Ms before this bucket refills at all: the rest of a `Retry-After`, or 0. */
  readyInMs(now: number): number {
    return Math.max(0, this.#updatedAt - now);
  }

  /** A request took a token here and leaves at `departure` (the latest of its buckets' waits). */
  reserve(departure: number): void {
    this.tokens -= 1;
    if (departure > this.tail) this.tail = departure;
  }

  /**
   * After a 429 on a request that left at `sentAt`: the bucket is empty until `now + retryAfterMs` and refills
   * from then on only, at half the rate, so the new schedule starts from an empty bucket (a debt reserved ahead
   * is kept).
   *
   * A 429 on a request that left before the last slow-down belongs to that episode (requests in flight together
   * meet the same empty server bucket): it does not halve the rate again, and moves `notBefore` only when its
   * `Retry-After` ends clearly later (by more than half a second). Returns false when it changed nothing.
   */
  slowDown(retryAfterMs: number, now: number, sentAt: number = now): boolean {
    const until = now + Math.max(0, retryAfterMs);
    const sameEpisode = sentAt < this.slowedAt;
    if (sameEpisode && until <= this.notBefore + sameEpisodeSlackMs) return false;
    if (!sameEpisode) this.factor = Math.max(minFactor, this.factor / 2);
    this.slowedAt = now;
    this.notBefore = Math.max(this.notBefore, until);
    this.tokens = Math.min(this.tokens, 0);
    this.tail = Number.NEGATIVE_INFINITY;
    this.#updatedAt = Math.max(this.#updatedAt, this.notBefore);
    return true;
  }
}
