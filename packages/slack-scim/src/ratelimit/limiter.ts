import type { Logger } from "../core/logger.js";
import { sleep } from "../retry/sleep.js";
import type { RateLimitName, RateLimitRule } from "./slack-limits.js";
import { TokenBucket } from "./token-bucket.js";

/** A limit table a client can use: any subset of the names, each with its rule. */
export type RateLimitRules = Readonly<Partial<Record<RateLimitName, RateLimitRule>>>;

/**
 * Token buckets for one org budget (one token and host): a request waits until every limit it counts against
 * has a token, so the most restrictive applicable limit sets the pace. Shared by the clients of that budget.
 *
 * @internal
 */
export class RateLimiter {
  readonly #rules: RateLimitRules;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(rules: RateLimitRules) {
    this.#rules = rules;
  }

  /**
   * Takes a token from each bucket in `names` at once, then waits out the longest debt. Returns `undefined`
   * when no wait is needed (the caller need not await), else the wait, which an abort cancels (and refunds).
   */
  acquire(
    names: readonly RateLimitName[],
    signal: AbortSignal | undefined,
    logger: Logger,
    what: string,
  ): Promise<void> | undefined {
    const now = performance.now();
    let wait = 0;
    let slowest: TokenBucket | undefined;
    const taken: TokenBucket[] = [];
    for (const name of names) {
      const bucket = this.#bucket(name, now);
      if (!bucket) continue;
      if (bucket.refill(now)) logger.info(`rate limit "${bucket.name}" is back to its full rate`);
      const ms = bucket.waitMs(now);
      if (ms > wait) {
        wait = ms;
        slowest = bucket;
      }
      taken.push(bucket);
    }
    for (const bucket of taken) bucket.tokens -= 1;
    if (wait <= 0) {
      for (const bucket of taken) bucket.pending += 1;
      return undefined;
    }
    const rounded = Math.ceil(wait);
    const line = `rate limit: ${what} waits ${rounded} ms for "${slowest?.name}"`;
    if (rounded >= 1000) logger.info(line);
    else logger.debug(line);
    // A waiting request is not on its way yet: it counts as `waiting`, not `pending` (which caps the refill),
    // or a crowd of waiters would freeze the refill that pays their own debt.
    for (const bucket of taken) bucket.waiting += 1;
    const epochs = taken.map((bucket) => bucket.epoch);
    // Buckets that saw no 429 since: this request's token and waiting count are still held there.
    const unchanged = () => taken.filter((bucket, i) => bucket.epoch === epochs[i]);
    return sleep(rounded, signal).then(
      () => {
        const kept = unchanged();
        for (const bucket of kept) bucket.waiting -= 1;
        if (kept.length === taken.length) {
          for (const bucket of taken) bucket.pending += 1;
          return undefined;
        }
        // A 429 while this request waited (on any client sharing the budget) took back the reservations of the
        // waiters of that bucket: queue again, behind the Retry-After and at the slowed rate.
        for (const bucket of kept) bucket.tokens += 1;
        return this.acquire(names, signal, logger, what);
      },
      (reason: unknown) => {
        for (const bucket of unchanged()) {
          bucket.tokens += 1;
          bucket.waiting -= 1;
        }
        throw reason;
      },
    );
  }

  /** The request that took tokens from `names` has its answer (or failed): it no longer counts as pending. */
  settle(names: readonly RateLimitName[]): void {
    for (const name of names) {
      const bucket = this.#buckets.get(name);
      if (bucket !== undefined && bucket.pending > 0) bucket.pending -= 1;
    }
  }

  /** A 429 came back despite the buckets (another app spends the same org budget): slow `names` down. */
  rateLimited(names: readonly RateLimitName[], retryAfterMs: number, logger: Logger, what: string): void {
    const now = performance.now();
    const slowed: string[] = [];
    for (const name of names) {
      const bucket = this.#bucket(name, now);
      if (!bucket) continue;
      bucket.refill(now);
      bucket.slowDown(retryAfterMs, now);
      slowed.push(`"${bucket.name}" to ${Math.round(bucket.factor * 100)}%`);
    }
    if (slowed.length > 0) {
      logger.warn(`rate limit: 429 on ${what}; slowing ${slowed.join(", ")} of the published rate`);
    }
  }

  /** The bucket of one limit (created full on first use); `undefined` for a limit the table leaves out. */
  #bucket(name: RateLimitName, now: number): TokenBucket | undefined {
    let bucket = this.#buckets.get(name);
    if (bucket === undefined) {
      const rule = this.#rules[name];
      if (rule === undefined) return undefined;
      bucket = new TokenBucket(name, rule, now);
      this.#buckets.set(name, bucket);
    }
    return bucket;
  }
}
