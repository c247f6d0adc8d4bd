import { MemoryBuckets } from "./memory-buckets.js";
import type { RateLimitRules } from "./slack-limits.js";
import type { RateLimitBuckets, RateLimitStore } from "./store.js";

/**
 * The default `rateLimit.store`: the buckets live in this process's memory, shared by the clients of one token,
 * host and table in this process. Other processes keep budgets of their own; to share one, use
 * `RedisRateLimitStore` from `slack-scim/redis`.
 *
 * @example
 * ```ts
 * const client = new SCIM2Client(token, { rateLimit: { limits: "slack", store: new MemoryRateLimitStore() } });
 * ```
 */
export class MemoryRateLimitStore implements RateLimitStore {
  /** `"memory"`. */
  readonly name = "memory";
  readonly #budgets = new Map<string, WeakRef<MemoryBuckets>>();

  /** The buckets of one org budget (the same object for the same `org` while a limiter holds it). */
  buckets(org: string, rules: RateLimitRules): RateLimitBuckets {
    const existing = this.#budgets.get(org)?.deref();
    if (existing) return existing;
    for (const [key, ref] of this.#budgets) if (ref.deref() === undefined) this.#budgets.delete(key);
    const created = new MemoryBuckets(rules);
    this.#budgets.set(org, new WeakRef(created));
    return created;
  }
}
