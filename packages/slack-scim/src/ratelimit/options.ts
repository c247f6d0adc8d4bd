import {
  type RateLimitName,
  type RateLimitRules,
  type RateLimitTable,
  slackRateLimits,
} from "./slack-limits.js";
import type { RateLimitStore } from "./store.js";
import type { StorePolicy } from "./store-health.js";

/**
 * The `rateLimit` client option in full: the limits, where their buckets live, and what happens when that
 * store cannot be reached.
 */
export interface RateLimitSettings {
  /** Slack's published table, or a custom one that replaces it. @defaultValue `"slack"` */
  limits?: "slack" | RateLimitRules;
  /**
   * Where the buckets live. @defaultValue this process's memory (`MemoryRateLimitStore`); `RedisRateLimitStore`
   * from `slack-scim/redis` shares one org budget across processes.
   */
  store?: RateLimitStore;
  /**
   * When the store cannot be reached: `"reject"` makes writes wait for it up to `storeTimeout`, then reject with
   * `SCIMRateLimitStoreError` (nothing is sent; reads use this process's own budget meanwhile); `"local"` makes
   * every call use this process's own budget until the store answers again (several processes may then go over
   * the org's limits together; the 429s that follow are handled as usual).
   * @defaultValue `"reject"`
   */
  onStoreError?: "reject" | "local";
  /** Ms a write waits for a store that cannot be reached before it rejects. @defaultValue 10_000 */
  storeTimeout?: number;
}

/**
 * The `rateLimit` client option: `false` (no client-side limiting), `"slack"` (Slack's published table), a
 * custom table that replaces Slack's (limits it leaves out do not apply), or {@link RateLimitSettings}.
 */
export type RateLimitOption = false | "slack" | RateLimitRules | RateLimitSettings;

/** A validated `rateLimit` option, resolved. @internal */
export interface ResolvedRateLimit extends StorePolicy {
  rules: RateLimitRules;
  store: RateLimitStore | undefined;
}

const names = new Set<string>(Object.keys(slackRateLimits));
const settingsKeys = new Set(["limits", "store", "onStoreError", "storeTimeout"]);

function validateTable(table: object, where: string): void {
  for (const [name, rule] of Object.entries(table)) {
    const at = `${where}[${JSON.stringify(name)}]`;
    if (!names.has(name)) {
      throw new TypeError(
        `SCIM client option "${at}" is not a Slack limit (one of ${[...names].join(", ")}; ` +
          `or use { limits, store, onStoreError, storeTimeout })`,
      );
    }
    if (typeof rule !== "object" || rule === null) {
      throw new TypeError(`SCIM client option "${at}" must be { perMinute, burst }`);
    }
    const { perMinute, burst } = rule as Record<string, unknown>;
    if (typeof perMinute !== "number" || !(perMinute > 0) || !Number.isFinite(perMinute)) {
      throw new RangeError(`SCIM client option "${at}.perMinute" must be a number > 0`);
    }
    if (typeof burst !== "number" || !Number.isInteger(burst) || burst < 1) {
      throw new RangeError(`SCIM client option "${at}.burst" must be an integer >= 1`);
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function validateSettings(value: Record<string, unknown>): void {
  const { limits, store, onStoreError, storeTimeout } = value;
  for (const key of Object.keys(value)) {
    if (!settingsKeys.has(key)) {
      throw new TypeError(
        `SCIM client option "rateLimit.${key}" is unknown (limits, store, onStoreError, storeTimeout)`,
      );
    }
  }
  if (limits !== undefined && limits !== "slack") {
    if (!isObject(limits))
      throw new TypeError('SCIM client option "rateLimit.limits" must be "slack" or a table');
    validateTable(limits, "rateLimit.limits");
  }
  if (store !== undefined) {
    const s = store as Partial<RateLimitStore> | null;
    if (
      typeof s !== "object" ||
      s === null ||
      typeof s.buckets !== "function" ||
      typeof s.name !== "string"
    ) {
      throw new TypeError(
        'SCIM client option "rateLimit.store" must be a RateLimitStore ({ name, buckets() })',
      );
    }
  }
  if (onStoreError !== undefined && onStoreError !== "reject" && onStoreError !== "local") {
    throw new TypeError('SCIM client option "rateLimit.onStoreError" must be "reject" or "local"');
  }
  if (storeTimeout !== undefined) {
    if (typeof storeTimeout !== "number" || !(storeTimeout >= 0) || !Number.isFinite(storeTimeout)) {
      throw new RangeError('SCIM client option "rateLimit.storeTimeout" must be a number of ms >= 0');
    }
  }
}

/** Throws `TypeError`/`RangeError` naming the bad part of a `rateLimit` option. @internal */
export function validateRateLimitOption(value: unknown): asserts value is RateLimitOption | undefined {
  if (value === undefined || value === false || value === "slack") return;
  if (!isObject(value)) {
    throw new TypeError(
      'SCIM client option "rateLimit" must be false, "slack", a table of limits or { limits, store, ... }',
    );
  }
  if (Object.keys(value).some((key) => settingsKeys.has(key))) validateSettings(value);
  else validateTable(value, "rateLimit");
}

/** What a validated option stands for, or `undefined` when limiting is off. @internal */
export function resolveRateLimit(option: RateLimitOption | undefined): ResolvedRateLimit | undefined {
  if (option === undefined || option === false) return undefined;
  const settings: RateLimitSettings =
    option === "slack"
      ? {}
      : Object.keys(option).some((key) => settingsKeys.has(key))
        ? (option as RateLimitSettings)
        : { limits: option as RateLimitRules };
  const limits = settings.limits ?? "slack";
  const store = settings.store;
  return {
    rules: limits === "slack" ? slackRateLimits : limits,
    store,
    storeName: store?.name ?? "memory",
    onStoreError: settings.onStoreError ?? "reject",
    storeTimeoutMs: settings.storeTimeout ?? 10_000,
  };
}

/**
 * A copy of a limit table with every per-minute rate multiplied by `factor` (bursts unchanged), as the
 * emulator's `rateLimits: { scale }` does: for tests and benchmarks that run Slack's limits faster.
 *
 * @example
 * ```ts
 * const client = new SCIM2Client(token, { baseUrl, rateLimit: scaleRateLimits(slackRateLimits, 100) });
 * ```
 */
export function scaleRateLimits(table: RateLimitRules, factor: number): RateLimitTable {
  if (typeof factor !== "number" || !(factor > 0) || !Number.isFinite(factor)) {
    throw new RangeError("scaleRateLimits: factor must be a number > 0");
  }
  const out: Partial<Record<RateLimitName, { perMinute: number; burst: number }>> = {};
  for (const [name, rule] of Object.entries(table) as [RateLimitName, RateLimitRules[RateLimitName]][]) {
    if (rule) out[name] = Object.freeze({ perMinute: rule.perMinute * factor, burst: rule.burst });
  }
  return Object.freeze(out) as RateLimitTable;
}
