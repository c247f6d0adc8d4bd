import type { RateLimitName, RateLimitRules } from "./slack-limits.js";

/** Requests of one kind (one set of limits) waiting for their tokens. */
export interface RateLimitDemand {
  /** The limits each of these requests counts against (names the table leaves out are ignored). */
  readonly names: readonly RateLimitName[];
  /** How many are waiting: the most that may be granted. */
  readonly count: number;
}

/** One limit as a store saw it when it decided, for the limiter's wait estimates. */
export interface RateLimitSnapshot {
  /** Tokens in the bucket (may be below 1). */
  readonly tokens: number;
  /** Tokens it gains per ms at its current (possibly slowed) rate. */
  readonly perMs: number;
  /** Ms before it refills at all (the rest of a `Retry-After`), 0 when it does now. */
  readonly readyInMs: number;
  /** When a 429 last slowed it down, on the store's clock; `-Infinity` before any. */
  readonly slowedAt: number;
}

/** What {@link RateLimitBuckets.take} granted. */
export interface RateLimitGrants {
  /** The store's clock (ms) when it decided. */
  readonly now: number;
  /** Indices into the demands, one per request granted, in the order granted. */
  readonly order: readonly number[];
  /** One lease per grant (same order), handed back to {@link RateLimitBuckets.settle}; empty when none kept. */
  readonly leases: readonly string[];
  /** Ms until the next request still waiting may find its tokens; `Infinity` when none is waiting. */
  readonly wakeInMs: number;
  /** Limits whose rate has just climbed back to the published one after a 429. */
  readonly recovered: readonly string[];
  /** Every limit of the demands the table has, as it was after the grants. */
  readonly limits: Readonly<Partial<Record<RateLimitName, RateLimitSnapshot>>>;
}

/** What {@link RateLimitBuckets.slowDown} changed. */
export interface RateLimitSlowDown {
  /** The store's clock (ms) when it decided. */
  readonly now: number;
  /** Each limit slowed down, with its new rate as a fraction of the published one. */
  readonly slowed: readonly {
    /** The limit's name (`POST /Users`, `writes`, …). */
    readonly name: string;
    /** Its new rate as a fraction of the published one. */
    readonly factor: number;
  }[];
}

/**
 * The token buckets of one org budget, wherever they live. Every method acts atomically on the buckets it names:
 * clients in several processes may call at once.
 *
 * The rules, shared by every store: a bucket holds at most its burst less one token (headroom for timers) and
 * starts full; it refills at its rate; a grant takes one token from each bucket of its demand, only when each has
 * one, and counts as pending until settled (tokens plus pending never exceed the capacity); a slow-down halves
 * the rate, empties the bucket and holds it for the `Retry-After`. `MemoryRateLimitStore` is the reference.
 */
export interface RateLimitBuckets {
  /**
   * Grants as many waiting requests as the buckets allow now. `demands` come in the order their kinds are due;
   * each grant goes to the first kind in turn whose every bucket has a token, and that kind then moves to the
   * back. `now` is the caller's clock; a store with a clock of its own uses that one and says so in the result.
   */
  take(demands: readonly RateLimitDemand[], now: number): RateLimitGrants | Promise<RateLimitGrants>;
  /** The request granted with `lease` (of `names`) has its answer: it no longer counts as pending. */
  settle(names: readonly RateLimitName[], lease: string | undefined, now: number): void | Promise<void>;
  /**
   * A 429 on a request of `names` that left at `sentAt` (caller's clock): slow the buckets down and hold them for
   * `holdMs`. A 429 on a request that left before the last slow-down is part of that one.
   */
  slowDown(
    names: readonly RateLimitName[],
    holdMs: number,
    sentAt: number,
    now: number,
  ): RateLimitSlowDown | Promise<RateLimitSlowDown>;
}

/**
 * Where the limiter's buckets live: the `rateLimit.store` client option. The default keeps them in this
 * process's memory (`MemoryRateLimitStore`); `RedisRateLimitStore` from `slack-scim/redis` shares one org budget
 * across processes.
 */
export interface RateLimitStore {
  /** Names the store in log lines and errors (never a password). */
  readonly name: string;
  /**
   * The buckets of one org budget. `org` identifies the budget (a hash of the token, the host and the table,
   * never the token itself); `rules` are the limits.
   */
  buckets(org: string, rules: RateLimitRules): RateLimitBuckets;
}
