import { SCIMRateLimitStoreError } from "../core/errors.js";
import { redactText } from "../core/redact.js";
import { MemoryBuckets } from "./memory-buckets.js";
import type { RateLimitRules } from "./slack-limits.js";
import type { KindQueue, Waiter } from "./waiters.js";

/** What to do when the store cannot be reached (the `rateLimit` option's `onStoreError` and `storeTimeout`). */
export interface StorePolicy {
  /** The store's name, for log lines and errors. */
  storeName: string;
  /**
   * `"reject"`: writes wait for the store, up to `storeTimeoutMs`, then reject with
   * {@link SCIMRateLimitStoreError}; reads use this process's own budgets meanwhile. `"local"`: every call uses
   * this process's own budgets until the store answers again.
   */
  onStoreError: "reject" | "local";
  /** How long a write waits for a store that cannot be reached, ms. */
  storeTimeoutMs: number;
}

/** Which kinds ask the store, which this process's buckets, and which writes waited too long. */
export interface StorePlan {
  store: KindQueue[];
  local: KindQueue[];
  expired: Waiter[];
  /** Ms until the plan changes (the next retry of the store or the next deadline of a write). */
  wakeInMs: number;
}

const isRead = (queue: KindQueue) => queue.names[0] === "reads";

/**
 * Whether a limiter's store answers, and what its limiter does while it does not: the store is tried again
 * every so often (a second at most); meanwhile the kinds that may use this process's own buckets (a fresh budget,
 * created full on first use) do, and, under `"reject"`, each write waits at most `storeTimeoutMs` from when it
 * asked or the store failed, whichever is later.
 *
 * @internal
 */
export class StoreHealth {
  readonly #policy: StorePolicy;
  readonly #rules: RateLimitRules;
  readonly #retryMs: number;
  #local: MemoryBuckets | undefined;
  #downSince: number | undefined;
  #retryAt = 0;
  #reason = "";

  constructor(policy: StorePolicy, rules: RateLimitRules) {
    this.#policy = policy;
    this.#rules = rules;
    this.#retryMs = Math.min(1_000, Math.max(50, policy.storeTimeoutMs / 4));
  }

  /** The store's name. */
  get name(): string {
    return this.#policy.storeName;
  }

  /** The store failed and is not due to be tried again yet. */
  isDown(now: number): boolean {
    return this.#downSince !== undefined && now < this.#retryAt;
  }

  /** This process's own buckets, for the kinds that cannot wait for the store. */
  local(): MemoryBuckets {
    this.#local ??= new MemoryBuckets(this.#rules);
    return this.#local;
  }

  plan(active: KindQueue[], now: number): StorePlan {
    if (!this.isDown(now))
      return { store: active, local: [], expired: [], wakeInMs: Number.POSITIVE_INFINITY };
    if (this.#policy.onStoreError === "local") {
      return { store: [], local: active, expired: [], wakeInMs: this.#retryAt - now };
    }
    const expired: Waiter[] = [];
    let next = this.#retryAt;
    const since = this.#downSince ?? now;
    for (const queue of active) {
      if (isRead(queue)) continue;
      for (let head = queue.peek(); head !== undefined; head = queue.peekAfter(head)) {
        const deadline = Math.max(head.since, since) + this.#policy.storeTimeoutMs;
        if (deadline > now) {
          next = Math.min(next, deadline);
          break;
        }
        expired.push(head);
      }
    }
    return { store: [], local: active.filter(isRead), expired, wakeInMs: next - now };
  }

  /** The store failed; returns the warning to log when it was answering until now. */
  failed(error: unknown, now: number): string | undefined {
    this.#retryAt = now + this.#retryMs;
    this.#reason = redactText(error instanceof Error ? error.message : String(error));
    if (this.#downSince !== undefined) return undefined;
    this.#downSince = now;
    const meanwhile =
      this.#policy.onStoreError === "local"
        ? "every call uses this process's own budget until it answers"
        : `writes wait for it ${this.#policy.storeTimeoutMs} ms at most, reads use this process's own budget`;
    return `rate limit: store ${this.#policy.storeName} cannot be reached (${this.#reason}); ${meanwhile}`;
  }

  /** The store answered: true when it had failed before. */
  recovered(): boolean {
    const was = this.#downSince !== undefined;
    this.#downSince = undefined;
    return was;
  }

  /** The error a write gets when it waited `storeTimeoutMs` for the store. */
  error(now: number): SCIMRateLimitStoreError {
    const since = Math.round(now - (this.#downSince ?? now));
    return new SCIMRateLimitStoreError(
      `SCIM rate limit store ${this.#policy.storeName} cannot be reached (${this.#reason}) for ${since} ms: ` +
        `the write was not sent (rateLimit.onStoreError: "reject")`,
      { store: this.#policy.storeName },
    );
  }
}
