import type { RateLimitName, RateLimitRules } from "./slack-limits.js";
import type {
  RateLimitBuckets,
  RateLimitDemand,
  RateLimitGrants,
  RateLimitSlowDown,
  RateLimitSnapshot,
} from "./store.js";
import { TokenBucket } from "./token-bucket.js";

// A token counts as there when this close to whole: a timer that fires at the computed instant must not find
// 0.9999999 tokens and sleep again.
const whole = 1 - 1e-9;

/**
 * The token buckets of one org budget, in this process's memory, one per limit of the table (created full on
 * first use). Requests take their tokens only when they leave, from every bucket at once.
 *
 * @internal
 */
export class MemoryBuckets implements RateLimitBuckets {
  readonly #rules: RateLimitRules;
  readonly #buckets = new Map<RateLimitName, TokenBucket>();
  /** Limits whose rate climbed back during a refill outside {@link MemoryBuckets.take}: reported by the next. */
  readonly #recovered = new Set<string>();

  constructor(rules: RateLimitRules) {
    this.#rules = rules;
  }

  /**
   * Grants as many waiting requests as the buckets allow now, taking turns: `demands` come in the order their
   * kinds are due (least recently served first); each grant goes to the first kind in turn whose every bucket
   * has a token, and that kind then moves to the back of the turn. A kind whose own limit is empty does not
   * hold back the others. Stops when no kind that is still waiting can have its tokens.
   */
  take(demands: readonly RateLimitDemand[], now: number): RateLimitGrants {
    const recovered = [...this.#recovered];
    this.#recovered.clear();
    const waiting = new Map<RateLimitName, number>();
    for (const { names, count } of demands) {
      for (const name of names) waiting.set(name, (waiting.get(name) ?? 0) + count);
    }
    for (const [name, count] of waiting) this.#buckets.get(name)?.noteBacklog(count, now);
    const kinds = demands.map((demand, i) => ({
      i,
      left: demand.count,
      buckets: this.#bucketsOf(demand.names, now, recovered),
    }));
    const turn = [...kinds];
    const order: number[] = [];
    for (;;) {
      const at = turn.findIndex((kind) => kind.left > 0 && kind.buckets.every((b) => b.tokens >= whole));
      if (at < 0) break;
      const kind = turn.splice(at, 1)[0] as (typeof kinds)[number];
      turn.push(kind);
      for (const bucket of kind.buckets) {
        bucket.reserve(now);
        bucket.pending += 1;
      }
      kind.left -= 1;
      order.push(kind.i);
    }
    let wakeInMs = Number.POSITIVE_INFINITY;
    const limits: Partial<Record<RateLimitName, RateLimitSnapshot>> = {};
    for (const kind of kinds) {
      let ms = 0;
      for (const bucket of kind.buckets) {
        ms = Math.max(ms, bucket.waitMs(now));
        limits[bucket.name as RateLimitName] = {
          tokens: bucket.tokens,
          perMs: bucket.rate * bucket.factor,
          readyInMs: bucket.readyInMs(now),
          slowedAt: bucket.slowedAt,
        };
      }
      if (kind.left > 0) wakeInMs = Math.min(wakeInMs, ms);
    }
    return { now, order, leases: [], wakeInMs, recovered, limits };
  }

  /**
   * The request that took tokens from `names` has its answer (or failed): it no longer counts as pending. The
   * buckets are brought up to `now` first, so the refill while it was on its way stays capped by it.
   */
  settle(names: readonly RateLimitName[], _lease: string | undefined, now: number): void {
    for (const name of names) {
      const bucket = this.#buckets.get(name);
      if (bucket === undefined || bucket.pending <= 0) continue;
      if (bucket.refill(now)) this.#recovered.add(name);
      bucket.pending -= 1;
    }
  }

  /**
   * A 429 on a request that left at `sentAt`: slows each bucket of `names` down and empties it until `holdMs`
   * from `now` (see {@link TokenBucket.slowDown}).
   */
  slowDown(names: readonly RateLimitName[], holdMs: number, sentAt: number, now: number): RateLimitSlowDown {
    const slowed: { name: string; factor: number }[] = [];
    const recovered: string[] = [];
    for (const bucket of this.#bucketsOf(names, now, recovered)) {
      if (bucket.slowDown(holdMs, now, sentAt)) slowed.push({ name: bucket.name, factor: bucket.factor });
    }
    for (const name of recovered) this.#recovered.add(name);
    return { now, slowed };
  }

  /** The buckets of `names` the table has, each brought up to `now`; a name that recovered is added to `recovered`. */
  #bucketsOf(names: readonly RateLimitName[], now: number, recovered: string[]): TokenBucket[] {
    const out: TokenBucket[] = [];
    for (const name of names) {
      let bucket = this.#buckets.get(name);
      if (bucket === undefined) {
        const rule = this.#rules[name];
        if (rule === undefined) continue;
        bucket = new TokenBucket(name, rule, now);
        this.#buckets.set(name, bucket);
      }
      if (bucket.refill(now) && !recovered.includes(name)) recovered.push(name);
      out.push(bucket);
    }
    return out;
  }
}
