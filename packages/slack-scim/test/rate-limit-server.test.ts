/**
 * The limiter and the queue after a 429, against a purpose-made server that enforces a real token bucket the
 * way we read Slack's published limits (https://docs.slack.dev/reference/scim-api/rate-limits): `burst`
 * tokens, refilled at `perSecond`, a request
 * without a token answered 429 with `Retry-After` in whole seconds. Rates are scaled and Retry-After is 1 s to
 * keep the suite fast; timing assertions are lower bounds or counts of arrivals.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { RateLimitErrorRetryHandler, SCIMRateLimitedError } from "../src/index.js";
import { maxHonouredRetryAfterMs } from "../src/ratelimit/limiter.js";
import { instant, silentLogger, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";
import { sentRequests, timedLogger } from "./helpers/timed-logger.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Arrival {
  /** `performance.now()` when the request arrived. */
  at: number;
  url: string;
  status: number;
  /** The test's own direct requests, not the client's. */
  spender: boolean;
}

const tooMany = (res: ServerResponse, seconds: number, description = "too_many_requests") =>
  json(res, 429, { Errors: { description, code: 429 } }, { "retry-after": String(seconds) });

/**
 * A loopback server with one real token bucket over every request. A request finding no token gets 429 with
 * `Retry-After: retryAfter` (or the whole seconds until a token, when longer). Rejected requests take nothing.
 */
async function tokenBucketServer(burst: number, perSecond: number, retryAfter: number) {
  let tokens = burst;
  let updatedAt = performance.now();
  const arrivals: Arrival[] = [];
  server = await startServer((req, res) => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - updatedAt) / 1000) * perSecond);
    updatedAt = now;
    const spender = req.headers["x-spender"] === "1";
    if (tokens >= 1) {
      tokens -= 1;
      arrivals.push({ at: now, url: req.url ?? "", status: 200, spender });
      json(res, 200, sampleUser());
    } else {
      arrivals.push({ at: now, url: req.url ?? "", status: 429, spender });
      tooMany(res, Math.max(retryAfter, Math.ceil((1 - tokens) / perSecond)));
    }
  });
  return { url: server.v1, arrivals };
}

/** The most arrivals in any half-open window `[t, t + periodMs)`. */
function busiestWindow(times: number[], periodMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= periodMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe("after a 429 from a server enforcing a real token bucket", () => {
  // Server and client share the table: burst 10, and `perSecond` (the bucket refills in burst / perSecond).
  const burst = 10;

  it.each([
    // One request in flight: one 429, the rate halved once; the old limiter refilled during the Retry-After and
    // sent a full bucket at its end.
    { concurrency: 1, perSecond: 20 },
    // Ten in flight meet the empty bucket together; at 50 a second even an eighth of the rate refills a bucket
    // during a second of Retry-After.
    { concurrency: 10, perSecond: 50 },
    { concurrency: 10, perSecond: 20 },
  ])(
    "requests leave at the slowed rate once Retry-After ends: no second wave of 429s, no window over the burst (%o)",
    async ({ concurrency, perSecond }) => {
      const periodMs = (burst / perSecond) * 1000;
      const { url, arrivals } = await tokenBucketServer(burst, perSecond, 1);
      // Another app spends the org's whole bucket once.
      await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          fetch(`${url}Users/X${i}`, { headers: { "x-spender": "1" } }).then((r) => r.arrayBuffer()),
        ),
      );
      const logger = timedLogger();
      const client = v1Client(url, {
        rateLimit: { "GET /Users/{id}": { perMinute: perSecond * 60, burst } },
        maxRequestConcurrency: concurrency,
        logger,
        logLevel: "debug",
        // The default handler's random jitter (up to 1 s); more retries than the default one, in case.
        retryHandlers: [new RateLimitErrorRetryHandler({ maxRetryCount: 3 })],
      });
      const n = 30;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => client.readUser(`W${i}`)));
      expect(results.every((r) => r.statusCode === 200)).toBe(true);

      const ours = arrivals.filter((a) => !a.spender);
      const firstLimited = ours.find((a) => a.status === 429)?.at ?? Number.NaN;
      expect(firstLimited).not.toBeNaN();
      // The moment the client read the first 429: its first line about it other than the request trace
      // (`← 429 …` is written before the pipeline reacts). The limiter's hold and the queue pause start then.
      const lines = logger.entries;
      const learned = lines.findIndex((l) => !/^[←→] /.test(l.text) && l.text.includes("429"));
      expect(learned).toBeGreaterThan(-1);
      const learnedAt = lines[learned]?.at ?? Number.NaN;
      // Each arrival paired with the attempt that sent it (one URL per read; its retries follow in order).
      const sent = sentRequests(lines);
      expect(sent).toHaveLength(ours.length);
      const byUrl = new Map<string, Arrival[]>();
      for (const a of ours) byUrl.set(a.url, [...(byUrl.get(a.url) ?? []), a]);
      const paired = sent.map((s) => ({ ...s, arrival: byUrl.get(new URL(s.url).pathname)?.shift() }));
      expect(paired.every((p) => p.arrival !== undefined)).toBe(true);
      const before = paired.filter((p) => p.index < learned).map((p) => p.arrival as Arrival);
      const after = paired.filter((p) => p.index > learned).map((p) => p.arrival as Arrival);
      // The wave: sent before the client could know, arriving at or after the first 429. The 200s that
      // arrived before it (the server refills while the client starts) are not part of it. With one request
      // in flight, the 429's own request is the whole wave.
      const wave = before.filter((a) => a.at >= firstLimited);
      if (concurrency === 1) expect(wave).toHaveLength(1);
      expect(wave.length).toBeGreaterThanOrEqual(1);
      // Nothing sent after the client read the 429 leaves inside its Retry-After (1 s; timers may fire a
      // millisecond early), and not one of them is answered 429.
      for (const a of after) expect(a.at - learnedAt).toBeGreaterThanOrEqual(1000 - 5);
      expect(after.filter((a) => a.status === 429)).toEqual([]);
      // Every read answered once (some of the first wave may have found a token the server refilled meanwhile).
      expect(ours.filter((a) => a.status === 200)).toHaveLength(n);
      // Never more than the server's burst inside one refill period.
      expect(
        busiestWindow(
          after.map((a) => a.at),
          periodMs,
        ),
      ).toBeLessThanOrEqual(burst);
      // One wave, one slow-down: the other 429s of the wave were answers to requests already on their way.
      expect(lines.filter((l) => l.text.includes("slowing"))).toHaveLength(1);
    },
    20_000,
  );
});

describe("every 429 pauses the client's queue for Retry-After", () => {
  /** Answers the request for Users/A with 429 and `Retry-After: 1`, everything else with 200. */
  async function limitedOnA() {
    const arrivals: { url: string; at: number }[] = [];
    server = await startServer((_req, res, received) => {
      arrivals.push({ url: received.url, at: performance.now() });
      if (received.url.endsWith("/A")) tooMany(res, 1);
      else json(res, 200, sampleUser());
    });
    return arrivals;
  }

  it.each([
    ["with rejectRateLimitedCalls: true", { rejectRateLimitedCalls: true }],
    [
      "when the Retry-After is beyond the handler's maxRetryAfter",
      {
        retryHandlers: [new RateLimitErrorRetryHandler({ maxRetryAfter: 500, intervalCalculator: instant })],
      },
    ],
  ])("%s, the other queued calls wait it out", async (_name, options) => {
    const arrivals = await limitedOnA();
    const client = v1Client(server?.v1 ?? "", { maxRequestConcurrency: 1, ...options });
    const limited = client.readUser("A");
    const queued = [client.readUser("B"), client.readUser("C"), client.readUser("D")];
    await expect(limited).rejects.toBeInstanceOf(SCIMRateLimitedError);
    await Promise.all(queued);
    const at = (id: string) => arrivals.find((a) => a.url.endsWith(`/${id}`))?.at ?? 0;
    for (const id of ["B", "C", "D"]) expect(at(id) - at("A")).toBeGreaterThanOrEqual(950);
  });

  it("a request that already had its tokens and waited for a queue slot does not leave inside another client's Retry-After", async () => {
    const arrivals: { url: string; at: number }[] = [];
    let limitedAt = 0;
    server = await startServer(async (_req, res, received) => {
      arrivals.push({ url: received.url, at: performance.now() });
      if (received.url.endsWith("/A")) {
        limitedAt = performance.now();
        return tooMany(res, 1);
      }
      // B's first read holds B's only queue slot for a while; the others have their tokens and wait for it.
      if (received.url.endsWith("/B0")) await new Promise((resolve) => setTimeout(resolve, 300));
      json(res, 200, sampleUser());
    });
    const rateLimit = { "GET /Users/{id}": { perMinute: 6_000, burst: 50 } }; // plenty: no limiter wait
    const a = v1Client(server.v1, { rateLimit, rejectRateLimitedCalls: true });
    const b = v1Client(server.v1, { rateLimit, maxRequestConcurrency: 1 });
    const reads = Array.from({ length: 6 }, (_, i) => b.readUser(`B${i}`));
    await new Promise((resolve) => setTimeout(resolve, 50)); // B0 is at the server, B1..B5 queued
    await expect(a.readUser("A")).rejects.toMatchObject({ statusCode: 429 });
    await Promise.all(reads);
    const sent = arrivals.filter((x) => /\/B[1-5]$/.test(x.url));
    expect(sent).toHaveLength(5);
    for (const x of sent) expect(x.at - limitedAt).toBeGreaterThanOrEqual(950);
  });
});

describe("a huge Retry-After", () => {
  it(`holds back the other clients of the budget ${maxHonouredRetryAfterMs / 1000} s at most, with a warning`, async () => {
    server = await startServer((_req, res, received) => {
      if (received.url.includes("/Users/A")) tooMany(res, 86_400);
      else json(res, 200, { totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
    });
    const rateLimit = {
      reads: { perMinute: 60_000, burst: 100 },
      "GET /Users/{id}": { perMinute: 60_000, burst: 100 },
    };
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = v1Client(server.v1, { rateLimit, logger: silentLogger(linesA) });
    const b = v1Client(server.v1, { rateLimit, logger: silentLogger(linesB) });
    // The default handler does not wait a day: the call rejects, carrying the Retry-After.
    const error = await a.readUser("A").catch((e: unknown) => e);
    expect((error as SCIMRateLimitedError).retryAfter).toBe(86_400);
    expect(linesA.some((l) => l.startsWith("warn") && l.includes("Retry-After: 86400"))).toBe(true);
    // Another client of the budget, another endpoint (a list: the org-wide reads only).
    const controller = new AbortController();
    const listing = b.searchUsers({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waited = linesB.map((l) => /waits (\d+) ms for "reads"/.exec(l)?.[1]).find(Boolean);
    expect(Number(waited)).toBeGreaterThanOrEqual(maxHonouredRetryAfterMs - 1_000);
    expect(Number(waited)).toBeLessThanOrEqual(maxHonouredRetryAfterMs + 1_000);
    const reason = new Error("not waiting a minute");
    controller.abort(reason);
    await expect(listing).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});

describe("a lock conflict", () => {
  /** PATCHes are held 150 ms; a second PATCH to a user whose first is still running gets 429, no code. */
  async function lockingServer() {
    const running = new Set<string>();
    const statuses: { url: string; status: number }[] = [];
    server = await startServer(async (req, res, received) => {
      if (req.method !== "PATCH") return json(res, 200, sampleUser());
      if (running.has(received.url)) {
        statuses.push({ url: received.url, status: 429 });
        return json(res, 429, { Errors: { description: "", code: 429 } }, { "retry-after": "0" });
      }
      running.add(received.url);
      await new Promise((resolve) => setTimeout(resolve, 150));
      running.delete(received.url);
      statuses.push({ url: received.url, status: 200 });
      json(res, 200, sampleUser());
    });
    return statuses;
  }

  function client(lines: string[]) {
    return v1Client(server?.v1 ?? "", {
      rateLimit: "slack",
      logger: silentLogger(lines),
      retryHandlers: [
        new RateLimitErrorRetryHandler({
          maxRetryCount: 5,
          intervalCalculator: instant,
          jitter: { recalculate: () => 100 },
        }),
      ],
    });
  }

  it("(a 429 while another write to the same user is in flight) is retried without slowing the budget", async () => {
    const statuses = await lockingServer();
    const lines: string[] = [];
    const c = client(lines);
    await Promise.all([c.patchUser("W1", { title: "a" }), c.patchUser("W1", { title: "b" })]);
    expect(statuses.filter((s) => s.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => l.includes("slowing"))).toEqual([]);
    expect(lines.some((l) => l.includes("lock conflict"))).toBe(true);
  });

  it("is not assumed when the write in flight is to another user", async () => {
    let first = true;
    server = await startServer(async (_req, res, received) => {
      if (received.url.endsWith("/W1")) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return json(res, 200, sampleUser());
      }
      if (first) {
        first = false;
        return json(res, 429, { Errors: { description: "", code: 429 } }, { "retry-after": "0" });
      }
      json(res, 200, sampleUser());
    });
    const lines: string[] = [];
    const c = client(lines);
    const w1 = c.patchUser("W1", { title: "a" });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await c.patchUser("W2", { title: "b" });
    await w1;
    expect(lines.filter((l) => l.includes("slowing"))).toHaveLength(1);
    expect(lines.some((l) => l.includes("lock conflict"))).toBe(false);
  });
});
