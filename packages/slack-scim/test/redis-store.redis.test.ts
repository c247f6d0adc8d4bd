/**
 * The Redis store against a real redis-server on loopback (started here) and the emulator enforcing Slack's
 * limits × 20. Run with `npm run test:redis`. Clients in separate processes draw from one org budget: together
 * they stay within POST /Users' published rate and burst, with zero 429s; a 429 seen by one slows all; and
 * killing Redis mid-run gives what `rateLimit.onStoreError` documents.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedis, type TestRedis } from "../bench/redis-server.js";
import {
  type LogLevel,
  type RateLimitRule,
  SCIM2Client,
  SCIMRateLimitStoreError,
  scaleRateLimits,
  slackRateLimits,
} from "../src/index.js";
import { RedisRateLimitStore } from "../src/redis/index.js";

const scale = 20;
const table = scaleRateLimits(slackRateLimits, scale);
const worker = fileURLToPath(new URL("./fixtures/redis-worker.mjs", import.meta.url));

interface WorkerResult {
  ok: number;
  failures: { code?: string; status?: number; store?: string; message: string }[];
  departures: number[];
  lines: string[];
  ms: number;
}

interface WorkerConfig {
  onStoreError: "reject" | "local";
  storeTimeout: number;
  creates: number;
  prefix: string;
  rejectRateLimitedCalls: boolean;
}

/** How far the busiest window `[t_i, t_j]` goes beyond `burst + rate × (t_j - t_i)` departures. */
function mostOverBudget(times: number[], rule: RateLimitRule): number {
  const sorted = [...times].sort((a, b) => a - b);
  const perMs = rule.perMinute / 60_000;
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sorted.length; i += 1) {
    for (let j = i; j < sorted.length; j += 1) {
      worst = Math.max(worst, j - i + 1 - (rule.burst + perMs * ((sorted[j] ?? 0) - (sorted[i] ?? 0))));
    }
  }
  return worst;
}

function logger(lines: string[]) {
  let level: LogLevel = "info";
  const keep = (name: string) => (message: string) => lines.push(`${name} ${message}`);
  return {
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

describe(`the Redis store (redis-server on loopback, emulator at Slack's limits × ${scale})`, () => {
  let redis: TestRedis;
  let emulator: StartedEmulator;
  const connections: Redis[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimits: { scale } });
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) c.disconnect();
    await redis?.kill();
    emulator.reset();
  });
  afterAll(() => emulator.close());

  async function connect(): Promise<Redis> {
    const c = new Redis({
      host: "127.0.0.1",
      port: redis.port,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    c.on("error", () => {});
    await c.connect();
    connections.push(c);
    return c;
  }

  /** Kills Redis once the emulator holds `n` users: mid-run, whatever the machine's speed. */
  async function killWhenCreated(n: number): Promise<void> {
    await vi.waitFor(() => expect(emulator.store.users().length).toBeGreaterThanOrEqual(n), {
      timeout: 20_000,
      interval: 5,
    });
    await redis.kill();
  }

  /** Starts `n` worker processes, lets them go at once, and collects their results. */
  async function runWorkers(n: number, config: WorkerConfig, during?: () => Promise<void>) {
    const children = Array.from({ length: n }, (_, i) =>
      fork(worker, [
        JSON.stringify({
          ...config,
          prefix: `${config.prefix}${i}-`,
          redisPort: redis.port,
          baseUrl: emulator.v2BaseUrl,
          token: emulator.adminToken,
          scale,
        }),
      ]),
    );
    await Promise.all(children.map((c) => new Promise((resolve) => c.once("message", resolve))));
    const results = children.map(
      (c) => new Promise<WorkerResult>((resolve) => c.once("message", (m) => resolve(m as WorkerResult))),
    );
    for (const c of children) c.send("go");
    await during?.();
    return Promise.all(results);
  }

  it("three processes share one budget: within POST /Users' rate and burst together, zero 429s", async () => {
    redis = await startRedis();
    const results = await runWorkers(3, {
      onStoreError: "reject",
      storeTimeout: 5_000,
      creates: 80,
      prefix: "shared",
      rejectRateLimitedCalls: true,
    });
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(240);
    // Each alone would send its 80 at the full rate; together they keep to one budget.
    const departures = results.flatMap((r) => r.departures);
    expect(mostOverBudget(departures, table["POST /Users"])).toBeLessThanOrEqual(1);
    expect(mostOverBudget(departures, table.writes)).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.departures.length === 80)).toBe(true);
  }, 30_000);

  it("a 429 seen by one client slows the clients of every other connection", async () => {
    redis = await startRedis();
    const linesA: string[] = [];
    const linesB: string[] = [];
    const client = async (lines: string[]) =>
      new SCIM2Client(emulator.adminToken, {
        baseUrl: emulator.v2BaseUrl,
        rateLimit: { limits: table, store: new RedisRateLimitStore(await connect()) },
        rejectRateLimitedCalls: true,
        logger: logger(lines),
      });
    const a = await client(linesA);
    const b = await client(linesB);
    emulator.faults.push({ match: "POST /Users", status: 429, retryAfter: 1, times: 1 });
    await expect(
      a.createUser({ userName: "limited", emails: [{ value: "l@acme.example" }] }),
    ).rejects.toMatchObject({
      statusCode: 429,
    });
    const limitedAt = performance.now();
    await vi.waitFor(() =>
      expect(linesA.some((l) => l.startsWith("warn") && l.includes("slowing"))).toBe(true),
    );
    await b.createUser({ userName: "after", emails: [{ value: "after@acme.example" }] });
    // b has its own store object and connection: only Redis told it to hold for the Retry-After.
    expect(performance.now() - limitedAt).toBeGreaterThanOrEqual(900);
    expect(linesB.some((l) => /waits \d{3,4} ms for "(POST \/Users|writes)"/.test(l))).toBe(true);
    await Promise.all([a.close(), b.close()]);
  }, 30_000);

  it('Redis killed mid-run, onStoreError "reject": writes wait storeTimeout, then reject naming the store; no 429', async () => {
    redis = await startRedis();
    const results = await runWorkers(
      2,
      {
        onStoreError: "reject",
        storeTimeout: 300,
        creates: 150,
        prefix: "reject",
        rejectRateLimitedCalls: true,
      },
      async () => {
        await killWhenCreated(40);
      },
    );
    const failures = results.flatMap((r) => r.failures);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBeGreaterThanOrEqual(40);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.code).toBe("slack_scim_rate_limit_store_error");
      expect(f.store).toMatch(/^redis 127\.0\.0\.1:\d+$/);
      expect(f.message).toContain(f.store);
    }
    expect(results.reduce((sum, r) => sum + r.ok, 0) + failures.length).toBe(300);
    expect(
      results.every((r) => r.lines.some((l) => l.startsWith("warn") && l.includes("cannot be reached"))),
    ).toBe(true);
  }, 30_000);

  it('Redis killed mid-run, onStoreError "local": every create still made, on each process\'s own budget', async () => {
    redis = await startRedis();
    const results = await runWorkers(
      2,
      {
        onStoreError: "local",
        storeTimeout: 300,
        creates: 150,
        prefix: "local",
        rejectRateLimitedCalls: false,
      },
      async () => {
        await killWhenCreated(40);
      },
    );
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(300);
    expect(results.every((r) => r.lines.some((l) => l.includes("own budget until it answers")))).toBe(true);
  }, 30_000);

  it("a write waiting on a store that never answers rejects with SCIMRateLimitStoreError", async () => {
    redis = await startRedis();
    const c = await connect();
    const store = new RedisRateLimitStore(c, { name: "the team's redis", commandTimeout: 100 });
    await redis.kill();
    const client = new SCIM2Client(emulator.adminToken, {
      baseUrl: emulator.v2BaseUrl,
      rateLimit: { limits: table, store, storeTimeout: 200 },
      logger: logger([]),
    });
    const error = await client
      .createUser({ userName: "never", emails: [{ value: "n@acme.example" }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SCIMRateLimitStoreError);
    expect((error as SCIMRateLimitStoreError).store).toBe("the team's redis");
    expect(String((error as Error).message)).toContain("the team's redis");
    expect(String((error as Error).message)).not.toContain(emulator.adminToken);
    expect([...emulator.store.users()].some((u) => u.userName === "never")).toBe(false);
    await client.close();
  }, 30_000);
});

describe("the README's Redis example", () => {
  it("runs against the emulator and a redis-server", async () => {
    const redis = await startRedis();
    const emulator = await startEmulator({ port: 0 });
    vi.stubEnv("REDIS_URL", `redis://127.0.0.1:${redis.port}`);
    vi.stubEnv("SLACK_ORG_ADMIN_USER_TOKEN", emulator.adminToken);
    vi.stubEnv("SLACK_SCIM_BASE_URL", emulator.v2BaseUrl);
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
    });
    try {
      const example = "redis-store.ts";
      await import(/* @vite-ignore */ `../examples/${example}`);
      expect(printed).toEqual(["3 users created within the shared budget"]);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
      await emulator.close();
      await redis.kill();
    }
  });
});

describe("RedisRateLimitStore's buckets, called directly", () => {
  it("take, settle and slowDown keep Slack's rules on Redis's clock", async () => {
    const redis = await startRedis();
    const c = new Redis({ host: "127.0.0.1", port: redis.port, lazyConnect: true });
    try {
      await c.connect();
      const rules = { "POST /Users": { perMinute: 60, burst: 3 } };
      const buckets = new RedisRateLimitStore(c, { prefix: "t:" }).buckets("org1", rules);
      const names = ["writes", "POST /Users"] as const;
      // Burst 3 less one of headroom: two now, the third waits a second; "writes" is not in the table.
      const first = await buckets.take([{ names, count: 3 }], 0);
      expect(first.order).toEqual([0, 0]);
      expect(first.leases).toHaveLength(2);
      expect(first.wakeInMs).toBeGreaterThan(900);
      expect(first.limits["POST /Users"]?.slowedAt).toBe(Number.NEGATIVE_INFINITY);
      expect(Object.keys(first.limits)).toEqual(["POST /Users"]);
      // Nothing waiting: nothing granted, nothing to wake for.
      const none = await buckets.take([], 0);
      expect(none.order).toEqual([]);
      expect(none.wakeInMs).toBe(Number.POSITIVE_INFINITY);
      await buckets.settle(names, first.leases[0], 0);
      await buckets.settle(names, undefined, 0);
      // A 429: halved and held; a second 429 on a request sent before it is the same episode.
      const slowed = await buckets.slowDown(names, 1_000, first.now, 0);
      expect(slowed.slowed).toEqual([{ name: "POST /Users", factor: 0.5 }]);
      const again = await buckets.slowDown(names, 1_000, first.now, 0);
      expect(again.slowed).toEqual([]);
      const held = await buckets.take([{ names, count: 1 }], 0);
      expect(held.order).toEqual([]);
      expect(held.limits["POST /Users"]?.readyInMs).toBeGreaterThan(900);
      expect(held.limits["POST /Users"]?.slowedAt).toBe(slowed.now);
      expect(await c.keys("t:*")).toEqual(expect.arrayContaining(["t:{org1}:POST /Users", "t:{org1}:lease"]));
    } finally {
      c.disconnect();
      await redis.kill();
    }
  });
});

describe("RedisRateLimitStore options", () => {
  it("refuses a client without scripts and bad numbers, naming the option", () => {
    expect(() => new RedisRateLimitStore({} as never)).toThrow(/ioredis client/);
    const fake = { evalsha: async () => "", eval: async () => "" };
    expect(() => new RedisRateLimitStore(fake, { commandTimeout: 0 })).toThrow(/commandTimeout/);
    expect(() => new RedisRateLimitStore(fake, { leaseTimeout: Number.NaN })).toThrow(/leaseTimeout/);
    expect(() => new RedisRateLimitStore(fake, { prefix: 1 as never })).toThrow(/prefix/);
    expect(new RedisRateLimitStore(fake).name).toBe("redis");
    expect(new RedisRateLimitStore(Object.assign(fake, { options: { host: "10.0.0.5" } })).name).toBe(
      "redis 10.0.0.5:6379",
    );
  });
});
