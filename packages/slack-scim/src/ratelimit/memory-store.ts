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
  readonly #budgets = new Map<string, MemoryBuckets>();

  /** The buckets of one org budget: the same object for the same `org`, as long as the store lives. */
  buckets(org: string, rules: RateLimitRules): RateLimitBuckets {
    const existing = this.#budgets.get(org);
    if (existing) return existing;
    const created = new MemoryBuckets(rules);
    this.#budgets.set(org, created);
    return created;
  }
}
