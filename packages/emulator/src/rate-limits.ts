import { type RateLimitName, type RateLimitTable, rateLimitsFor, slackRateLimits } from "slack-scim";
import { EmulatorHTTPError } from "./errors.js";
import type { RateLimitOption } from "./options.js";

interface Bucket {
  tokens: number;
  updated: number;
}

/** Seconds for a `Retry-After` header: whole seconds, rounded up, at least 1. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * Slack's limits as token buckets: capacity = the published burst, refill = perMinute × scale / 60 per second.
 * A request must find a token in its org-wide set and in its endpoint row; it takes them only when both have one,
 * so a refused call costs nothing. One budget per endpoint whatever the SCIM version.
 */
export class RateLimiter {
  #table: RateLimitTable | undefined;
  #scale: number;
  #buckets = new Map<RateLimitName, Bucket>();

  constructor(option: RateLimitOption | undefined) {
    if (option === undefined || option === "off") {
      this.#table = undefined;
      this.#scale = 1;
    } else if (option === "slack") {
      this.#table = slackRateLimits;
      this.#scale = 1;
    } else {
      this.#table = option.table ?? slackRateLimits;
      this.#scale = option.scale ?? 1;
      if (!(this.#scale > 0)) throw new RangeError("rateLimits.scale must be a positive number");
    }
  }

  /** Refills every bucket (used by `reset()`). */
  reset(): void {
    this.#buckets.clear();
  }

  /**
   * Takes a token for a request or throws 429 `too_many_requests` with `Retry-After` (whole seconds, rounded
   * up; the exact wait is in `x-emulator-retry-after-ms`).
   *
   * @param path - Path relative to the version base (`Users/W123`).
   */
  take(method: string, path: string, now: number): void {
    const table = this.#table;
    if (!table) return;
    const names = rateLimitsFor(method, path);
    let wait = 0;
    const buckets: Bucket[] = [];
    for (const name of names) {
      const rule = table[name];
      const perMs = (rule.perMinute * this.#scale) / 60_000;
      let bucket = this.#buckets.get(name);
      if (!bucket) {
        bucket = { tokens: rule.burst, updated: now };
        this.#buckets.set(name, bucket);
      }
      bucket.tokens = Math.min(rule.burst, bucket.tokens + Math.max(0, now - bucket.updated) * perMs);
      bucket.updated = now;
      if (bucket.tokens < 1) wait = Math.max(wait, (1 - bucket.tokens) / perMs);
      buckets.push(bucket);
    }
    if (wait > 0) {
      throw new EmulatorHTTPError(429, "too_many_requests", {
        headers: {
          "retry-after": String(retryAfterSeconds(wait)),
          "x-emulator-retry-after-ms": String(Math.ceil(wait)),
        },
      });
    }
    for (const bucket of buckets) bucket.tokens -= 1;
  }
}

/**
 * Slack's per-resource write lock (section 6.3): a write to a user or group while another write to it is still
 * in flight, or within `lockWindowMs` of an earlier one, gets 429 `resource_locked` with `Retry-After`. GETs are
 * never blocked. The in-flight lock holds for every write whatever the window, so two writes to one id never
 * interleave.
 */
export class WriteLocks {
  #windowMs: number;
  #until = new Map<string, number>();
  #inFlight = new Set<string>();

  constructor(windowMs: number | undefined) {
    this.#windowMs = windowMs ?? 0;
  }

  /** Forgets every lock. */
  reset(): void {
    this.#until.clear();
    this.#inFlight.clear();
  }

  /**
   * Runs one write to `id` under its lock: 429 when another write to `id` is in flight or within the window;
   * otherwise starts the window and holds the in-flight lock until `write` settles.
   */
  async hold<T>(id: string, now: number, write: () => Promise<T> | T): Promise<T> {
    if (this.#inFlight.has(id)) {
      throw new EmulatorHTTPError(429, "resource_locked", { headers: { "retry-after": "1" } });
    }
    this.#acquireWindow(id, now);
    this.#inFlight.add(id);
    try {
      return await write();
    } finally {
      this.#inFlight.delete(id);
    }
  }

  #acquireWindow(id: string, now: number): void {
    if (this.#windowMs <= 0) return;
    const until = this.#until.get(id);
    if (until !== undefined && until > now) {
      throw new EmulatorHTTPError(429, "resource_locked", {
        headers: {
          "retry-after": String(retryAfterSeconds(until - now)),
          "x-emulator-retry-after-ms": String(until - now),
        },
      });
    }
    if (this.#until.size > 10_000) {
      for (const [key, t] of this.#until) if (t <= now) this.#until.delete(key);
    }
    this.#until.set(id, now + this.#windowMs);
  }
}
