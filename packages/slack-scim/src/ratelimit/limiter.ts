import type { Logger } from "../core/logger.js";
import { sleep } from "../core/sleep.js";
import type { RateLimitName, RateLimitRule } from "./slack-limits.js";
import { TokenBucket } from "./token-bucket.js";

/** A limit table a client can use: any subset of the names, each with its rule. */
export type RateLimitRules = Readonly<Partial<Record<RateLimitName, RateLimitRule>>>;

/**
 * The longest `Retry-After` the limiter and a client's request queue honour, in milliseconds: 60 s, the default
 * `maxRetryAfter` of `RateLimitErrorRetryHandler`. A longer one (a server may say a day) still rejects
 * or delays the call that met it as its retry handler decides, but holds back the other calls of the org budget
 * and of the client only this long, with a warning: a single answer must not stall every client on a token for
 * a day. After it, the limiter resumes at its slowed rate, and a further 429 slows it again.
 */
export const maxHonouredRetryAfterMs = 60_000;

/**
 * Whether a write is to one user or group, and which: `"Users/W123"`, or `undefined` for a read or a path
 * without an id. Slack locks a user or group while a write to it runs
 * (https://docs.slack.dev/reference/scim-api/rate-limits).
 */
const resourceId = /(?:^|\/)(Users|Groups)\/([^/?#]+)/;

/** What {@link RateLimiter.beginWrite} returns: pass it to {@link RateLimiter.endWrite}. @internal */
export interface WriteInFlight {
  readonly key: string;
  /** `starts` of the key's entry once this write began. */
  readonly mark: number;
  /** Another write to the same resource was in flight when this one began. */
  readonly overlapped: boolean;
}

interface WritesToOneResource {
  active: number;
  starts: number;
}

/**
 * Token buckets for one org budget (one token and host): a request waits until every limit it counts against
 * has a token, so the most restrictive applicable limit sets the pace. Shared by the clients of that budget.
 *
 * After a 429 ({@link RateLimiter.rateLimited}) each limit the call counted against is empty until its
 * `Retry-After` (at most {@link maxHonouredRetryAfterMs}) has passed, refills only from then on, at half the
 * rate, and climbs back to the published rate. Requests waiting for a token queue again behind it; requests that
 * had their tokens but had not left yet (waiting for a slot in their client's queue) do the same
 * ({@link RateLimiter.slowedSince}). So nothing leaves inside the `Retry-After`, and what leaves after it is
 * paced, never a burst. The 429s of requests that were already on their way count as one.
 *
 * A 429 on a write to one user or group while another write to the same one was in flight (tracked here over
 * every client of the budget: {@link RateLimiter.beginWrite}) is Slack's per-resource lock: the pipeline does
 * not report it here.
 *
 * @internal
 */
export class RateLimiter {
  readonly #rules: RateLimitRules;
  readonly #buckets = new Map<string, TokenBucket>();
  /** Writes in flight per user or group (`"Users/W123"`), over every client sharing this limiter. */
  readonly #writes = new Map<string, WritesToOneResource>();

  constructor(rules: RateLimitRules) {
    this.#rules = rules;
  }

  /**
   * Takes a token from each bucket in `names` at once, then waits out the longest debt. Returns `undefined`
   * when no wait is needed (the caller need not await), else the wait, which an abort cancels (and refunds)
   * and which resolves with the `performance.now()` at which the tokens were granted: pass that to
   * {@link RateLimiter.slowedSince} before sending.
   */
  acquire(
    names: readonly RateLimitName[],
    signal: AbortSignal | undefined,
    logger: Logger,
    what: string,
  ): Promise<number> | undefined {
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
    for (const bucket of taken) bucket.reserve(now + wait);
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
          return performance.now();
        }
        // A 429 while this request waited (on any client sharing the budget) took back the reservations of the
        // waiters of that bucket: queue again, behind the Retry-After and at the slowed rate.
        for (const bucket of kept) bucket.tokens += 1;
        return this.acquire(names, signal, logger, what) ?? performance.now();
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

  /**
   * Whether a 429 slowed any bucket in `names` down after `grantedAt` (when this request got its tokens). A
   * request that got its tokens before a 429 and has not left yet (it waited for a slot in its client's queue)
   * must then give them back ({@link RateLimiter.settle}) and acquire again: its place in the schedule was
   * reckoned on a rate and a bucket the 429 has since taken back.
   */
  slowedSince(names: readonly RateLimitName[], grantedAt: number): boolean {
    for (const name of names) {
      const bucket = this.#buckets.get(name);
      if (bucket !== undefined && bucket.slowedAt > grantedAt) return true;
    }
    return false;
  }

  /**
   * A 429 came back despite the buckets (another app spends the same org budget): slow `names` down, and hold
   * every request counted against them until `Retry-After` has passed (at most
   * {@link maxHonouredRetryAfterMs}). `sentAt` is when the rate-limited request left: a 429 on a request sent
   * before the last slow-down is part of that one and does not halve the rate again.
   */
  rateLimited(
    names: readonly RateLimitName[],
    retryAfterMs: number,
    logger: Logger,
    what: string,
    sentAt: number = performance.now(),
  ): void {
    const now = performance.now();
    const holdMs = Math.min(Math.max(0, retryAfterMs), maxHonouredRetryAfterMs);
    const slowed: string[] = [];
    for (const name of names) {
      const bucket = this.#bucket(name, now);
      if (!bucket) continue;
      bucket.refill(now);
      if (bucket.slowDown(holdMs, now, sentAt)) {
        slowed.push(`"${bucket.name}" to ${Math.round(bucket.factor * 100)}%`);
      }
    }
    if (slowed.length > 0) {
      logger.warn(
        `rate limit: 429 on ${what}; slowing ${slowed.join(", ")} of the published rate, ` +
          `nothing leaves for ${Math.round(holdMs)} ms`,
      );
    }
  }

  /**
   * Records a write about to leave, when it is to one user or group (`undefined` otherwise: nothing to end).
   * Slack answers a second write to a user or group whose first write is still running with a 429 that says
   * nothing of the org budget; {@link RateLimiter.endWrite} tells whether this write overlapped another.
   */
  beginWrite(method: string, path: string): WriteInFlight | undefined {
    if (method === "GET" || method === "HEAD") return undefined;
    const match = resourceId.exec(path);
    if (match === null) return undefined;
    const key = `${match[1]}/${match[2]}`;
    let entry = this.#writes.get(key);
    if (entry === undefined) {
      entry = { active: 0, starts: 0 };
      this.#writes.set(key, entry);
    }
    const overlapped = entry.active > 0;
    entry.active += 1;
    entry.starts += 1;
    return { key, mark: entry.starts, overlapped };
  }

  /**
   * The write `begun` has its answer (or failed). Returns true when another write to the same user or group
   * (from any client sharing this limiter) was in flight at some point while this one was: a 429 on it is then
   * read as Slack's per-resource lock, not as the org budget running out.
   */
  endWrite(begun: WriteInFlight): boolean {
    const entry = this.#writes.get(begun.key);
    if (entry === undefined) return begun.overlapped;
    const overlapped = begun.overlapped || entry.starts !== begun.mark || entry.active > 1;
    entry.active -= 1;
    if (entry.active <= 0) this.#writes.delete(begun.key);
    return overlapped;
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
