/**
 * `rateLimit.store`: the option's forms and checks, the in-memory store, and the limiter over a store that
 * answers asynchronously and sometimes not at all (a store of this file: the in-memory buckets behind a switch),
 * driven in virtual time. The Redis store itself is tested against a real redis-server (`npm run test:redis`).
 */
import { describe, expect, it } from "vitest";
import {
  MemoryRateLimitStore,
  type RateLimitBuckets,
  type RateLimitRules,
  type RateLimitStore,
  rateLimitsFor,
  SCIM2Client,
  SCIMClient,
  type SCIMClientOptions,
  SCIMRateLimitStoreError,
  slackRateLimits,
} from "../src/index.js";
import { RateLimiter } from "../src/ratelimit/limiter.js";
import { MemoryBuckets } from "../src/ratelimit/memory-buckets.js";
import { silentLogger } from "./helpers/clients.js";
import { json, sampleUser, startServer } from "./helpers/server.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** The in-memory buckets, answering a tick later, or failing while `down`. */
class SwitchableBuckets implements RateLimitBuckets {
  down = false;
  calls = 0;
  readonly #inner: MemoryBuckets;
  constructor(rules: RateLimitRules) {
    this.#inner = new MemoryBuckets(rules);
  }
  async #call<T>(fn: () => T): Promise<T> {
    this.calls += 1;
    await null;
    if (this.down) throw new Error("connect ECONNREFUSED 127.0.0.1:6390");
    return fn();
  }
  take(...args: Parameters<MemoryBuckets["take"]>) {
    return this.#call(() => this.#inner.take(...args));
  }
  settle(...args: Parameters<MemoryBuckets["settle"]>) {
    return this.#call(() => this.#inner.settle(...args));
  }
  slowDown(...args: Parameters<MemoryBuckets["slowDown"]>) {
    return this.#call(() => this.#inner.slowDown(...args));
  }
}

const rules: RateLimitRules = {
  writes: { perMinute: 60_000, burst: 3 },
  reads: { perMinute: 60_000, burst: 3 },
};

function harness(onStoreError: "reject" | "local") {
  const clock = new VirtualClock();
  const store = new SwitchableBuckets(rules);
  const limiter = new RateLimiter(rules, clock, {
    buckets: store,
    storeName: "test store",
    onStoreError,
    storeTimeoutMs: 400,
  });
  const lines: string[] = [];
  const logger = silentLogger(lines);
  const outcomes: { what: string; at: number; error?: unknown }[] = [];
  const ask = (at: number, what: string, method: string) =>
    clock.at(at, () => {
      const names = rateLimitsFor(method, "Users");
      const done = (when: number) => {
        outcomes.push({ what, at: when });
        clock.at(when + 1, () => limiter.settle(names));
      };
      const wait = limiter.acquire(names, undefined, logger, what);
      if (wait === undefined) done(clock.now());
      else wait.then(done, (error: unknown) => outcomes.push({ what, at: clock.now(), error }));
    });
  return { clock, store, limiter, lines, logger, outcomes, ask };
}

describe("the rateLimit option with a store", () => {
  const make = (rateLimit: unknown) =>
    new SCIMClient("xoxp-1", { rateLimit } as unknown as SCIMClientOptions);

  it("is refused when a part is wrong, naming it", () => {
    expect(() => make({ store: {} })).toThrow(/rateLimit\.store/);
    expect(() => make({ limits: "fast" })).toThrow(/rateLimit\.limits/);
    expect(() => make({ limits: { "GET /Nope": { perMinute: 1, burst: 1 } } })).toThrow(/rateLimit\.limits/);
    expect(() => make({ limits: "slack", onStoreError: "ignore" })).toThrow(/onStoreError/);
    expect(() => make({ limits: "slack", storeTimeout: -1 })).toThrow(RangeError);
    expect(() => make({ limits: "slack", stores: [] })).toThrow(/rateLimit\.stores/);
    expect(() => make({ writes: { perMinute: 1, burst: 1 }, store: new MemoryRateLimitStore() })).toThrow(
      /rateLimit\.writes/,
    );
    expect(() =>
      make({ limits: slackRateLimits, store: new MemoryRateLimitStore(), storeTimeout: 0 }),
    ).not.toThrow();
  });

  it("clients of one store share a budget; clients of another store have their own", async () => {
    const server = await startServer((_req, res) => json(res, 201, sampleUser()));
    try {
      const limits = { "POST /Users": { perMinute: 600, burst: 2 } }; // one at once, then one per 100 ms
      const shared = new MemoryRateLimitStore();
      const client = (store: RateLimitStore, lines: string[]) =>
        new SCIM2Client("xoxp-1", {
          baseUrl: server.v2,
          rateLimit: { limits, store },
          logger: silentLogger(lines),
        });
      const [a, b, c] = [[], [], []] as string[][];
      await client(shared, a ?? []).createUser({ userName: "a" });
      await client(shared, b ?? []).createUser({ userName: "b" });
      await client(new MemoryRateLimitStore(), c ?? []).createUser({ userName: "c" });
      expect(b?.some((l) => l.includes("waits") && l.includes('"POST /Users"'))).toBe(true);
      expect(c?.some((l) => l.includes("waits"))).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe("the limiter over a store that answers later, or not at all (virtual time)", () => {
  it("grants through the store in turn, as with the in-memory buckets", async () => {
    const { clock, outcomes, ask } = harness("reject");
    for (let i = 0; i < 6; i += 1) ask(0, `w${i}`, "POST");
    await clock.run();
    // Three at once (burst 3, less one of headroom, then one a millisecond).
    expect(outcomes.map((o) => o.what)).toEqual(["w0", "w1", "w2", "w3", "w4", "w5"]);
    expect(outcomes.every((o) => o.error === undefined)).toBe(true);
    expect(Math.max(...outcomes.map((o) => o.at))).toBeLessThanOrEqual(10);
  });

  it("requests that ask while the store decides wait for its answer; one that gives up meanwhile takes nothing", async () => {
    const { clock, store, limiter, logger } = harness("reject");
    const names = rateLimitsFor("POST", "Users");
    const granted: string[] = [];
    const aborted = new AbortController();
    clock.at(0, () => {
      for (const what of ["a", "b", "c"]) {
        const signal = what === "b" ? aborted.signal : undefined;
        limiter.acquire(names, signal, logger, what)?.then(
          () => granted.push(what),
          (reason: unknown) => granted.push(`${what}: ${String(reason)}`),
        );
      }
      // b gives up before the store's first answer; a takes the store's grant, c the next one.
      aborted.abort("gave up");
    });
    // x alone gives up while the store grants it: the lease goes straight back.
    const alone = new AbortController();
    clock.at(10, () => {
      limiter
        .acquire(names, alone.signal, logger, "x")
        ?.catch((reason: unknown) => granted.push(`x: ${reason}`));
      alone.abort("x gave up");
    });
    await clock.run();
    expect(granted).toEqual(["b: gave up", "a", "c", "x: x gave up"]);
    expect(store.calls).toBeGreaterThanOrEqual(2);
    // Already aborted and a wait ahead: rejects at once, nothing taken.
    const before = store.calls;
    const signal = AbortSignal.abort("too late");
    for (let i = 0; i < 5; i += 1) limiter.acquire(names, undefined, logger, "fill");
    await expect(limiter.acquire(names, signal, logger, "late")).rejects.toBe("too late");
    expect(store.calls).toBeGreaterThan(before);
  });

  it('"reject": writes wait storeTimeout for a store that fails, then reject naming it; reads go on locally', async () => {
    const { clock, store, lines, outcomes, ask } = harness("reject");
    clock.at(0, () => {
      store.down = true;
    });
    ask(1, "write", "POST");
    ask(1, "read", "GET");
    await clock.run(2_000);
    const write = outcomes.find((o) => o.what === "write");
    expect(write?.error).toBeInstanceOf(SCIMRateLimitStoreError);
    const error = write?.error as SCIMRateLimitStoreError;
    expect(error.store).toBe("test store");
    expect(error.message).toMatch(/test store cannot be reached \(connect ECONNREFUSED/);
    expect(write?.at).toBeGreaterThanOrEqual(400);
    expect(outcomes.find((o) => o.what === "read")?.error).toBeUndefined();
    expect(lines.filter((l) => l.startsWith("warn") && l.includes("cannot be reached"))).toHaveLength(1);
    // Back: the next write goes through the store, and the log says so.
    clock.at(clock.now() + 1, () => {
      store.down = false;
    });
    ask(clock.now() + 2_000, "later", "POST");
    await clock.run();
    expect(outcomes.find((o) => o.what === "later")?.error).toBeUndefined();
    expect(lines.some((l) => l.includes("store test store answers again"))).toBe(true);
  });

  it('"local": every call uses this process\'s own budget while the store fails', async () => {
    const { clock, store, lines, outcomes, ask } = harness("local");
    clock.at(0, () => {
      store.down = true;
    });
    for (let i = 0; i < 5; i += 1) ask(1, `w${i}`, "POST");
    await clock.run(5_000);
    expect(outcomes.filter((o) => o.error === undefined)).toHaveLength(5);
    expect(lines.some((l) => l.includes("own budget until it answers"))).toBe(true);
  });

  it("a 429 reported to a store that answers later holds the requests granted before it at once", async () => {
    const { clock, limiter, lines, logger } = harness("reject");
    const names = rateLimitsFor("POST", "Users");
    clock.at(10, () => limiter.rateLimited(names, 1_000, logger, "POST /Users", 5));
    await clock.run();
    expect(limiter.slowedSince(names, 9)).toBe(true);
    expect(lines.some((l) => l.startsWith("warn") && l.includes("slowing"))).toBe(true);
  });

  it("a 429 while the store fails slows this process's own budget", async () => {
    const { clock, store, limiter, lines, logger, outcomes, ask } = harness("local");
    clock.at(0, () => {
      store.down = true;
    });
    ask(1, "first", "POST");
    clock.at(5, () => limiter.rateLimited(rateLimitsFor("POST", "Users"), 500, logger, "POST /Users"));
    ask(6, "held", "POST");
    await clock.run(3_000);
    expect(lines.some((l) => l.includes("slowing"))).toBe(true);
    expect(outcomes.find((o) => o.what === "held")?.at).toBeGreaterThanOrEqual(505);
  });
});
