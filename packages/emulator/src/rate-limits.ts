import { EmulatorHTTPError } from "./errors.js";
import type { RateLimitOption } from "./options.js";
import { limitsFor, type RateLimitName, type RateLimitTable, slackRateTable } from "./rate-table.js";

const noRefund = (): void => {};

interface Bucket {
  tokens: number;
  updated: number;
}

/** Seconds for a `Retry-After` header: whole seconds, rounded up, at least 1. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** A custom table must give every limit a positive rate and a burst of at least 1 (else a request would crash). */
function checkTable(table: RateLimitTable): RateLimitTable {
  for (const name of Object.keys(slackRateTable) as RateLimitName[]) {
    const rule = (table as Partial<RateLimitTable>)[name];
    const where = `rateLimits.table["${name}"]`;
    if (typeof rule !== "object" || rule === null) throw new TypeError(`${where} is missing`);
    if (typeof rule.perMinute !== "number" || !(rule.perMinute > 0) || !Number.isFinite(rule.perMinute)) {
      throw new RangeError(`${where}.perMinute must be a positive number`);
    }
    if (typeof rule.burst !== "number" || !(rule.burst >= 1) || !Number.isFinite(rule.burst)) {
      throw new RangeError(`${where}.burst must be a number of 1 or more`);
    }
  }
  return table;
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
      this.#table = slackRateTable;
      this.#scale = 1;
    } else {
      this.#table = option.table === undefined ? slackRateTable : checkTable(option.table);
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
   * @returns Gives the tokens back (for a request then refused by the write lock, which costs nothing).
   */
  take(method: string, path: string, now: number): () => void {
    const table = this.#table;
    if (!table) return noRefund;
    const names = limitsFor(method, path === "" ? [] : path.split("/"));
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
    return () => {
      for (const bucket of buckets) bucket.tokens += 1;
    };
  }
}

/**
 * Slack's per-resource write lock (docs/behaviour.md, "Write lock"): a write to a user or group within `lockWindowMs` of an earlier
 * applied write to it gets 429 `resource_locked` with `Retry-After`. GETs are never blocked. Writes to one id
 * never interleave anyway: each reads its whole body first, then checks the lock, looks the record up and
 * applies synchronously.
 */
export class WriteLocks {
  #windowMs: number;
  #until = new Map<string, number>();

  constructor(windowMs: number | undefined) {
    this.#windowMs = windowMs ?? 0;
  }

  /** Forgets every lock. */
  reset(): void {
    this.#until.clear();
  }

  /**
   * Runs one write to `id` (synchronously, after its body was read): 429 `resource_locked` when `id` is within
   * the window of an earlier applied write; otherwise runs `write`, and only when it succeeds starts the window.
   */
  hold<T>(id: string, now: number, write: () => T): T {
    const until = this.#until.get(id);
    if (until !== undefined && until > now) {
      throw new EmulatorHTTPError(429, "resource_locked", {
        headers: {
          "retry-after": String(retryAfterSeconds(until - now)),
          "x-emulator-retry-after-ms": String(until - now),
        },
      });
    }
    const result = write();
    if (this.#windowMs > 0) {
      if (this.#until.size > 10_000) {
        for (const [key, t] of this.#until) if (t <= now) this.#until.delete(key);
      }
      this.#until.set(id, now + this.#windowMs);
    }
    return result;
  }
}
