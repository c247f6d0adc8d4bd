import type { RateLimitName, RateLimitRules } from "../ratelimit/slack-limits.js";
import type {
  RateLimitBuckets,
  RateLimitDemand,
  RateLimitGrants,
  RateLimitSlowDown,
  RateLimitSnapshot,
  RateLimitStore,
} from "../ratelimit/store.js";
import { bucketScript, bucketScriptSha } from "./script.js";

/**
 * The part of an `ioredis` client (`Redis` or `Cluster`, version 5 or later) the store uses: Lua scripts.
 */
export interface RedisScriptClient {
  /** Runs a cached script. */
  evalsha(sha: string, numKeys: number, ...args: string[]): Promise<unknown>;
  /** Runs (and caches) a script. */
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** Prefix of every key. @defaultValue `"slack-scim:rate-limit:"` */
  prefix?: string;
  /** Ms after which a Redis call counts as failed (the store cannot be reached). @defaultValue 1_000 */
  commandTimeout?: number;
  /**
   * Ms after which a request granted by a process that never settled it (it died) stops counting as pending.
   * @defaultValue 120_000
   */
  leaseTimeout?: number;
  /** The store's name in log lines and errors. @defaultValue `redis HOST:PORT` from the client's options */
  name?: string;
}

const never = -1e299;

/** Redis's `cjson` encodes an empty Lua table as `{}`. */
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/**
 * A `rateLimit.store` that keeps each org budget's buckets in Redis, so every client that uses it, in any
 * process or on any host, draws from one budget, and a 429 seen by one slows them all. Each bucket is a Redis
 * hash changed only by an atomic Lua script on Redis's clock; keys are named by the org (a hash of the token,
 * host and table, never the token) and expire an hour after their last use. A request granted by a process that
 * dies stops counting as pending after `leaseTimeout`.
 *
 * Pass an `ioredis` client; one created with `{ enableOfflineQueue: false }` lets the store notice a lost
 * connection at once, instead of after `commandTimeout`. The client option `rateLimit.onStoreError` chooses
 * what happens while Redis cannot be reached.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { SCIM2Client } from "slack-scim";
 * import { RedisRateLimitStore } from "slack-scim/redis";
 *
 * const store = new RedisRateLimitStore(new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"));
 * const client = new SCIM2Client(token, { rateLimit: { limits: "slack", store, onStoreError: "reject" } });
 * ```
 */
export class RedisRateLimitStore implements RateLimitStore {
  /** Names the store in log lines and errors. */
  readonly name: string;
  readonly #redis: RedisScriptClient;
  readonly #prefix: string;
  readonly #timeout: number;
  readonly #leaseMs: number;

  constructor(redis: RedisScriptClient, options: RedisRateLimitStoreOptions = {}) {
    if (typeof redis?.evalsha !== "function" || typeof redis.eval !== "function") {
      throw new TypeError("RedisRateLimitStore: redis must be an ioredis client (evalsha and eval)");
    }
    const { prefix = "slack-scim:rate-limit:", commandTimeout = 1_000, leaseTimeout = 120_000 } = options;
    if (typeof prefix !== "string") throw new TypeError("RedisRateLimitStore: prefix must be a string");
    for (const [key, value] of [
      ["commandTimeout", commandTimeout],
      ["leaseTimeout", leaseTimeout],
    ] as const) {
      if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
        throw new RangeError(`RedisRateLimitStore: ${key} must be a number of ms > 0`);
      }
    }
    const given = (redis as { options?: { host?: unknown; port?: unknown } }).options;
    this.name =
      options.name ??
      (typeof given?.host === "string" ? `redis ${given.host}:${String(given.port ?? 6379)}` : "redis");
    this.#redis = redis;
    this.#prefix = prefix;
    this.#timeout = commandTimeout;
    this.#leaseMs = leaseTimeout;
  }

  /** The buckets of one org budget, in Redis. */
  buckets(org: string, rules: RateLimitRules): RateLimitBuckets {
    const run = (op: string, names: readonly RateLimitName[], arg: Record<string, unknown>) =>
      this.#run(org, rules, op, names, arg);
    return {
      async take(demands: readonly RateLimitDemand[]): Promise<RateLimitGrants> {
        const names = [...new Set(demands.flatMap((d) => d.names))];
        const out = (await run("take", names, {
          demands: demands.map((d) => ({ names: d.names, count: d.count })),
        })) as Record<string, unknown>;
        const limits: Partial<Record<RateLimitName, RateLimitSnapshot>> = {};
        for (const [name, raw] of Object.entries(out["limits"] as Record<string, RateLimitSnapshot>)) {
          limits[name as RateLimitName] = {
            ...raw,
            slowedAt: raw.slowedAt <= never ? -Infinity : raw.slowedAt,
          };
        }
        const wake = Number(out["wake"]);
        return {
          now: Number(out["now"]),
          order: list<number>(out["order"]),
          leases: list<string>(out["leases"]),
          wakeInMs: wake < 0 ? Number.POSITIVE_INFINITY : wake,
          recovered: list<string>(out["recovered"]),
          limits,
        };
      },
      async settle(names: readonly RateLimitName[], lease: string | undefined): Promise<void> {
        if (lease !== undefined) await run("settle", names, { lease });
      },
      async slowDown(
        names: readonly RateLimitName[],
        holdMs: number,
        sentAt: number,
      ): Promise<RateLimitSlowDown> {
        const out = (await run("slow", names, { holdMs, sentAt })) as Record<string, unknown>;
        return { now: Number(out["now"]), slowed: list(out["slowed"]) };
      },
    };
  }

  async #run(
    org: string,
    rules: RateLimitRules,
    op: string,
    names: readonly RateLimitName[],
    arg: Record<string, unknown>,
  ): Promise<unknown> {
    const base = `${this.#prefix}{${org}}:`;
    const keys = [`${base}lease`];
    const buckets: Record<string, unknown>[] = [];
    for (const name of names) {
      const rule = rules[name];
      if (rule === undefined) continue;
      keys.push(`${base}${name}`, `${base}${name}:pending`);
      const capacity = rule.burst >= 2 ? rule.burst - 1 : rule.burst;
      const rate = rule.perMinute / 60_000;
      buckets.push({ name, capacity, rate, recoveryMs: (2 * rule.burst) / rate });
    }
    const json = JSON.stringify({ ...arg, buckets, leaseMs: this.#leaseMs, ttl: 3_600_000 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${this.#timeout} ms`)), this.#timeout);
    });
    const call = async () => {
      try {
        return await this.#redis.evalsha(bucketScriptSha, keys.length, ...keys, op, json);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith("NOSCRIPT")) throw error;
        return await this.#redis.eval(bucketScript, keys.length, ...keys, op, json);
      }
    };
    try {
      return JSON.parse(String(await Promise.race([call(), timeout])));
    } finally {
      clearTimeout(timer);
    }
  }
}
