import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BaseSCIMClient } from "../src/client/base-client.js";
import {
  RateLimitErrorRetryHandler,
  SCIM2Client,
  SCIMClient,
  type SCIMClientOptions,
  scaleRateLimits,
  slackRateLimits,
} from "../src/index.js";
import { TokenBucket } from "../src/ratelimit/token-bucket.js";
import { instant, noJitter, silentLogger, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

describe("TokenBucket math", () => {
  const rule = { perMinute: 60_000, burst: 20 }; // one token per ms

  it("holds its burst less one token of headroom and refills at the published rate", () => {
    const bucket = new TokenBucket("POST /Users", rule, 0);
    expect(bucket.capacity).toBe(19);
    bucket.tokens -= 19;
    expect(bucket.waitMs(0)).toBe(1);
    bucket.refill(5);
    expect(bucket.tokens).toBe(5);
    bucket.refill(1_000);
    expect(bucket.tokens).toBe(19);
  });

  it("a reserved token that is not there yet is a debt: each waiter waits one refill longer", () => {
    const bucket = new TokenBucket("x", { perMinute: 60, burst: 1 }, 0); // one a second
    bucket.tokens -= 1;
    expect(bucket.waitMs(0)).toBe(1_000);
    bucket.tokens -= 1;
    expect(bucket.waitMs(0)).toBe(2_000);
  });

  it("a 429 halves the rate and empties the bucket; it refills from the end of Retry-After on", () => {
    // Was: waitMs right after slowDown(10) was exactly 10 (a debt sized to the Retry-After, refilled meanwhile).
    // Now the bucket is empty at the end of the Retry-After, so the first token comes one slowed interval later.
    const bucket = new TokenBucket("x", rule, 0);
    expect(bucket.slowDown(10, 0)).toBe(true);
    expect(bucket.factor).toBe(0.5);
    expect(bucket.waitMs(0)).toBeCloseTo(12, 5); // 10 ms of Retry-After, then 1 token at 0.5 per ms
    bucket.refill(8); // inside the Retry-After: nothing refills
    expect(bucket.tokens).toBe(0);
    bucket.slowDown(0, 20);
    expect(bucket.factor).toBe(0.25);
    expect(bucket.refill(20 + bucket.recoveryMs)).toBe(true);
    expect(bucket.factor).toBe(1);
  });

  it("requests reserving tokens during a Retry-After leave one slowed interval apart after it, not together", () => {
    const bucket = new TokenBucket("x", rule, 0);
    bucket.slowDown(1_000, 0);
    const departures: number[] = [];
    for (let now = 100; now < 600; now += 100) {
      bucket.refill(now);
      departures.push(now + bucket.waitMs(now));
      bucket.reserve(now + bucket.waitMs(now));
    }
    // 0.5 token per ms after the Retry-After: one every 2 ms, the first 2 ms after it ends.
    expect(departures.map((at) => Math.round(at))).toEqual([1002, 1004, 1006, 1008, 1010]);
    // At the end of the Retry-After the bucket is as the 429 left it: empty, less the reservations.
    bucket.refill(1_000);
    expect(bucket.tokens).toBe(-5);
  });

  it("a reservation made after the rate climbed back still leaves after the departures already given", () => {
    const bucket = new TokenBucket("x", rule, 0);
    bucket.slowDown(0, 0); // half rate: one token every 2 ms
    const departures: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const at = bucket.waitMs(0);
      departures.push(at);
      bucket.reserve(at);
    }
    expect(departures).toEqual([2, 4, 6, 8, 10]);
    bucket.factor = 1; // as if recovered: the debt alone would now say 6 ms
    expect(bucket.waitMs(0)).toBe(11);
  });

  it("a 429 on a request sent before the last slow-down does not halve the rate again", () => {
    const bucket = new TokenBucket("x", rule, 0);
    bucket.slowDown(100, 10, 5);
    expect(bucket.factor).toBe(0.5);
    // Left at 8, before the 429 at 10: the same empty server bucket.
    expect(bucket.slowDown(90, 12, 8)).toBe(false);
    expect(bucket.factor).toBe(0.5);
    // Same episode, a Retry-After ending a few ms later (the next answer of one wave): nothing changes.
    expect(bucket.slowDown(100, 15, 9)).toBe(false);
    expect(bucket.notBefore).toBe(110);
    // Same episode, but a Retry-After ending clearly later: the hold moves, the rate stays.
    expect(bucket.slowDown(1_000, 16, 9)).toBe(true);
    expect(bucket.factor).toBe(0.5);
    expect(bucket.notBefore).toBe(1_016);
    // Sent after the slow-down: the budget is still short, halve again.
    bucket.slowDown(0, 30, 20);
    expect(bucket.factor).toBe(0.25);
  });
});

describe("rateLimit option", () => {
  it('is refused when it is not false, "slack" or a table of Slack\'s limits', () => {
    const make = (rateLimit: unknown) =>
      new SCIMClient("xoxp-1", { rateLimit } as unknown as SCIMClientOptions);
    expect(() => make("fast")).toThrow(/rateLimit/);
    expect(() => make(true)).toThrow(TypeError);
    expect(() => make({ "GET /Nope": { perMinute: 1, burst: 1 } })).toThrow(/GET \/Nope/);
    expect(() => make({ writes: { perMinute: 0, burst: 1 } })).toThrow(RangeError);
    expect(() => make({ writes: { perMinute: 10, burst: 0.5 } })).toThrow(/writes.*burst/);
    expect(() => new SCIMClient("xoxp-1", { strictFilters: "no" as unknown as boolean })).toThrow(
      /strictFilters/,
    );
    expect(() => make("slack")).not.toThrow();
    expect(() => make(false)).not.toThrow();
    expect(() => scaleRateLimits(slackRateLimits, 0)).toThrow(RangeError);
  });

  it("scaleRateLimits multiplies the rates and keeps the bursts", () => {
    const t = scaleRateLimits(slackRateLimits, 100);
    expect(t["POST /Users"]).toEqual({ perMinute: 18_000, burst: 20 });
    expect(t.writes).toEqual({ perMinute: 60_000, burst: 180 });
  });
});

describe("the limiter on a purpose-made server", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("waits for the most restrictive limit a request counts against", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const lines: string[] = [];
    // Reads allow plenty; GET /Users/{id} allows one at once and ten a second.
    const client = v1Client(server.v1, {
      rateLimit: {
        reads: { perMinute: 60_000, burst: 1000 },
        "GET /Users/{id}": { perMinute: 600, burst: 1 },
      },
      logger: silentLogger(lines),
      headers: { "x-test": "smallest-budget" },
    });
    const started = performance.now();
    await Promise.all([client.readUser("W1"), client.readUser("W2"), client.readUser("W3")]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(lines.filter((l) => l.includes("waits") && l.includes('"GET /Users/{id}"'))).toHaveLength(2);
  });

  it("clients with the same token and host share buckets; another token has its own", async () => {
    server = await startServer((_req, res) => json(res, 201, sampleUser()));
    const rateLimit = { "POST /Users": { perMinute: 600, burst: 2 } }; // one at once, then one per 100 ms
    const linesA: string[] = [];
    const linesB: string[] = [];
    const linesC: string[] = [];
    const a = v1Client(server.v1, { rateLimit, logger: silentLogger(linesA) });
    const b = new SCIM2Client("xoxp-1234567890-secret-token-value", {
      baseUrl: server.v2,
      rateLimit,
      logger: silentLogger(linesB),
    });
    const c = new SCIMClient("xoxp-another-org", {
      baseUrl: server.v1,
      rateLimit,
      logger: silentLogger(linesC),
    });
    const user = { userName: "ada" };
    await a.createUser(user);
    const started = performance.now();
    await b.createUser(user);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(linesB.some((l) => l.includes("waits") && l.includes('"POST /Users"'))).toBe(true);
    await c.createUser(user);
    expect(linesC.some((l) => l.includes("waits"))).toBe(false);
  });

  it("a 429 on one client holds back requests another client sharing the budget already queued", async () => {
    // One read every 100 ms; the server answers W9 with 429 and Retry-After: 1.
    const arrivals: number[] = [];
    let rateLimitedAt = 0;
    server = await startServer((req, res) => {
      arrivals.push(performance.now());
      if (req.url?.endsWith("/W9")) {
        rateLimitedAt = performance.now();
        json(res, 429, { Errors: { description: "too_many_requests", code: 429 } }, { "retry-after": "1" });
      } else json(res, 200, sampleUser());
    });
    const rateLimit = { "GET /Users/{id}": { perMinute: 600, burst: 2 } };
    const a = v1Client(server.v1, { rateLimit, rejectRateLimitedCalls: true });
    const b = v1Client(server.v1, { rateLimit });
    await a.readUser("W0");
    const limited = a.readUser("W9"); // leaves at +100 ms
    const queued = Array.from({ length: 3 }, (_, i) => b.readUser(`W${i + 1}`)); // at +200, +300, +400 ms
    await expect(limited).rejects.toMatchObject({ statusCode: 429 });
    await Promise.all(queued);
    // None of b's reads, all scheduled before the 429, went out inside the second Slack asked for.
    expect(arrivals).toHaveLength(5);
    expect(arrivals.filter((at) => at > rateLimitedAt && at < rateLimitedAt + 950)).toEqual([]);
  });

  it("a 429 with resource_locked and no other write to that user in flight slows the budget", async () => {
    // Was: the code resource_locked alone meant a lock conflict, so no slow-down. Slack's rate-limit page says a
    // lock-conflict 429 names no code and documents resource_locked for bursts of group updates, a budget
    // signal; a lock conflict is now recognised by an overlapping write (rate-limit-server.test.ts).
    let n = 0;
    server = await startServer((_req, res) => {
      n += 1;
      if (n === 1)
        json(res, 429, { Errors: { description: "resource_locked", code: 429 } }, { "retry-after": "0" });
      else json(res, 200, sampleUser());
    });
    const lines: string[] = [];
    const client = v1Client(server.v1, { rateLimit: "slack", logger: silentLogger(lines) });
    await client.patchUser("W1", { title: "x" });
    expect(n).toBe(2);
    expect(lines.filter((l) => l.includes("slowing"))).toHaveLength(1);
  });

  it("a custom table replaces Slack's: limits it leaves out do not apply", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const lines: string[] = [];
    const client = v1Client(server.v1, {
      rateLimit: { writes: { perMinute: 60, burst: 1 } },
      logger: silentLogger(lines),
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.readUser(`W${i}`)));
    expect(lines.filter((l) => l.includes("waits"))).toHaveLength(0);
  });

  it("an abort while waiting for a token rejects with the reason and sends nothing", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = v1Client(server.v1, {
      rateLimit: { "GET /Users/{id}": { perMinute: 1, burst: 1 } },
      headers: { "x-test": "abort-wait" },
    });
    await client.readUser("W1");
    const controller = new AbortController();
    const pending = client.readUser("W2", { signal: controller.signal });
    const reason = new Error("cancelled");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});

describe("the limiter against the emulator at Slack's limits × 100", () => {
  let emulator: StartedEmulator;
  const table = scaleRateLimits(slackRateLimits, 100);
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimits: { scale: 100 } });
  });
  beforeEach(() => emulator.reset());
  afterAll(() => emulator.close());

  function client(version: 1 | 2, token: string, lines: string[] = []): BaseSCIMClient {
    const options: SCIMClientOptions = {
      baseUrl: version === 1 ? emulator.v1BaseUrl : emulator.v2BaseUrl,
      rateLimit: table,
      rejectRateLimitedCalls: true,
      logger: silentLogger(lines),
    };
    return version === 1 ? new SCIMClient(token, options) : new SCIM2Client(token, options);
  }

  async function createMany(c: BaseSCIMClient, n: number, prefix: string): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < n) {
          const i = next++;
          await c.createUser({
            userName: `${prefix}${i}`,
            emails: [{ value: `${prefix}${i}@acme.example` }],
          });
        }
      }),
    );
  }

  it("2,000 creates finish without one 429", async () => {
    // rejectRateLimitedCalls: a single 429 would reject a create.
    await createMany(client(2, emulator.adminToken), 2000, "bulk");
    expect([...emulator.store.users()].filter((u) => u.userName.startsWith("bulk"))).toHaveLength(2000);
  }, 30_000);

  it("two clients sharing a token (1.1 and 2.0) share the budget", async () => {
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = client(1, emulator.adminToken, linesA);
    const b = client(2, emulator.adminToken, linesB);
    await Promise.all([createMany(a, 150, "a"), createMany(b, 150, "b")]);
    expect([...emulator.store.users()].filter((u) => /^[ab]\d/.test(u.userName))).toHaveLength(300);
    // rejectRateLimitedCalls: had each client kept its own budget, together they would send twice Slack's rate.
    expect(linesA.some((l) => l.includes("waits"))).toBe(true);
    expect(linesB.some((l) => l.includes("waits"))).toBe(true);
  }, 30_000);

  it("slows down after injected 429s, then recovers to the published rate", async () => {
    const lines: string[] = [];
    const c = new SCIM2Client(emulator.adminToken, {
      baseUrl: emulator.v2BaseUrl,
      rateLimit: table,
      logger: silentLogger(lines),
      // The request that met a 429 queues first when it retries, so it may meet the next injected one too.
      retryHandlers: [
        new RateLimitErrorRetryHandler({ maxRetryCount: 3, intervalCalculator: instant, jitter: noJitter }),
      ],
      headers: { "x-test": "recovery" },
    });
    emulator.faults.push({ match: "POST /Users", status: 429, retryAfter: 0, times: 3 });
    await createMany(c, 100, "slow");
    expect([...emulator.store.users()].filter((u) => u.userName.startsWith("slow"))).toHaveLength(100);
    expect(
      lines.some((l) => l.startsWith("warn") && l.includes("slowing") && l.includes('"POST /Users"')),
    ).toBe(true);
    // POST /Users recovers in 2 × burst / rate = 133 ms at this scale; a later call finds it back at full rate.
    await new Promise((r) => setTimeout(r, 300));
    await c.createUser({ userName: "slow-after", emails: [{ value: "slow-after@acme.example" }] });
    expect(lines.some((l) => l.includes('"POST /Users" is back to its full rate'))).toBe(true);
  }, 30_000);
});
