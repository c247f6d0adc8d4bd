/**
 * The limiter driven in virtual time (an injected clock) over random mixes of requests: every kind of read and
 * write, random arrival times, response latencies, aborts and 429s. Whatever the mix, no bucket is overdrawn
 * against Slack's published figures, nothing leaves a limit inside the `Retry-After` of a 429 on it, every
 * request that was not aborted gets its tokens, and requests of one kind leave in the order they asked.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RateLimitName, type RateLimitRules, rateLimitsFor, slackRateLimits } from "../src/index.js";
import { RateLimiter } from "../src/ratelimit/limiter.js";
import { silentLogger } from "./helpers/clients.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

/** Every kind of request the client sends, as method and path. */
const kinds: readonly (readonly [string, string])[] = [
  ["POST", "Users"],
  ["PATCH", "Users/W1"],
  ["PUT", "Users/W1"],
  ["DELETE", "Users/W1"],
  ["GET", "Users/W1"],
  ["GET", "Users"],
  ["POST", "Groups"],
  ["PATCH", "Groups/S1"],
  ["DELETE", "Groups/S1"],
  ["GET", "Groups/S1"],
  ["GET", "ServiceProviderConfig"],
];

// Slack's own table: a few hundred requests within a second overrun every limit they count against.
const table: RateLimitRules = slackRateLimits;

interface Grant {
  at: number;
  names: readonly RateLimitName[];
}

/**
 * Whether `grants` (times at which requests took a token of `name`) fit a bucket of the published burst that
 * refills at the published rate, full at time 0; returns the first grant that found no token.
 */
function overdrawn(grants: readonly number[], burst: number, perMs: number): number | undefined {
  let tokens = burst;
  let at = 0;
  for (const t of [...grants].sort((a, b) => a - b)) {
    tokens = Math.min(burst, tokens + (t - at) * perMs);
    at = t;
    if (tokens < 1 - 1e-6) return t;
    tokens -= 1;
  }
  return undefined;
}

const request = fc.record({
  kind: fc.nat({ max: kinds.length - 1 }),
  arriveAt: fc.nat({ max: 1_000 }),
  latency: fc.nat({ max: 300 }),
  abortAfter: fc.option(fc.nat({ max: 20_000 }), { nil: undefined, freq: 8 }),
});
const tooMany = fc.record({
  kind: fc.nat({ max: kinds.length - 1 }),
  at: fc.nat({ max: 30_000 }),
  retryAfter: fc.nat({ max: 5_000 }),
});

describe("the limiter over random mixes (virtual time)", () => {
  it("never overdraws a bucket, holds for every Retry-After, grants every request, in order per kind", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { minLength: 1, maxLength: 500, size: "max" }),
        fc.array(tooMany, { maxLength: 3 }),
        async (requests, limited) => {
          const clock = new VirtualClock();
          const limiter = new RateLimiter(table, clock);
          const logger = silentLogger();
          const grants: Grant[] = [];
          const holds: { from: number; until: number; names: readonly RateLimitName[] }[] = [];
          const outcomes: ("granted" | "aborted")[] = [];
          const grantOrder = new Map<number, number[]>();
          for (const [i, r] of requests.entries()) {
            const [method, path] = kinds[r.kind] ?? ["GET", "Users"];
            const names = rateLimitsFor(method, path);
            const controller = new AbortController();
            const granted = (at: number) => {
              outcomes[i] = "granted";
              grants.push({ at, names });
              grantOrder.set(r.kind, [...(grantOrder.get(r.kind) ?? []), i]);
              clock.at(at + r.latency, () => limiter.settle(names));
            };
            clock.at(r.arriveAt, () => {
              const wait = limiter.acquire(names, controller.signal, logger, `${method} ${path}`);
              if (wait === undefined) granted(clock.now());
              else
                wait.then(granted, (reason: unknown) => {
                  expect(reason).toBe(controller.signal.reason);
                  outcomes[i] = "aborted";
                });
            });
            if (r.abortAfter !== undefined) {
              clock.at(r.arriveAt + r.abortAfter, () => controller.abort(new Error(`abort ${i}`)));
            }
          }
          for (const l of limited) {
            const [method, path] = kinds[l.kind] ?? ["GET", "Users"];
            const names = rateLimitsFor(method, path);
            clock.at(l.at, () => {
              limiter.rateLimited(names, l.retryAfter, logger, "a 429");
              holds.push({ from: clock.now(), until: clock.now() + l.retryAfter, names });
            });
          }
          await clock.run();

          // Every request was granted or aborted; aborted ones took nothing.
          expect(outcomes.filter(Boolean)).toHaveLength(requests.length);
          expect(grants).toHaveLength(outcomes.filter((o) => o === "granted").length);
          // No bucket overdrawn against the published figures.
          for (const [name, rule] of Object.entries(table)) {
            if (!rule) continue;
            const times = grants.filter((g) => g.names.includes(name as RateLimitName)).map((g) => g.at);
            expect(overdrawn(times, rule.burst, rule.perMinute / 60_000), name).toBeUndefined();
          }
          // Nothing left a limit inside the Retry-After of a 429 on it.
          for (const hold of holds) {
            const inside = grants.filter(
              (g) =>
                g.at > hold.from &&
                g.at < hold.until &&
                g.names.some((n) => hold.names.includes(n) && table[n] !== undefined),
            );
            expect(inside).toEqual([]);
          }
          // One kind leaves in the order it asked (arrival time, then call order).
          for (const order of grantOrder.values()) {
            const asked = [...order].sort(
              (a, b) => (requests[a]?.arriveAt ?? 0) - (requests[b]?.arriveAt ?? 0) || a - b,
            );
            expect(order).toEqual(asked);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it("serves an all-at-once mix of up to four kinds of write (and reads) at the pace the published limits allow", async () => {
    const writes = [0, 1, 3, 6, 7, 8]; // POST, PATCH, DELETE /Users; POST, PATCH, DELETE /Groups
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(writes, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 600 }),
        fc.nat({ max: 400 }),
        async (chosen, count, reads) => {
          const clock = new VirtualClock();
          const limiter = new RateLimiter(table, clock);
          const logger = silentLogger();
          const batch = [
            ...chosen.flatMap((k) => Array<number>(count).fill(k)),
            ...Array<number>(reads).fill(4),
          ];
          let last = 0;
          let lastRead = 0;
          for (const k of batch) {
            const [method, path] = kinds[k] ?? ["GET", "Users"];
            const names = rateLimitsFor(method, path);
            const granted = (at: number) => {
              if (k === 4) lastRead = Math.max(lastRead, at);
              else last = Math.max(last, at);
              clock.at(at + 20, () => limiter.settle(names));
            };
            const wait = limiter.acquire(names, undefined, logger, method);
            if (wait === undefined) granted(clock.now());
            else void wait.then(granted);
          }
          await clock.run();
          // The floor: for each limit, the requests beyond its burst at its rate; the largest of those.
          const floor = (list: number[]) => {
            let ms = 0;
            let interval = 0;
            for (const [name, rule] of Object.entries(table)) {
              if (!rule) continue;
              const n = list.filter((k) => {
                const [method, path] = kinds[k] ?? ["GET", "Users"];
                return rateLimitsFor(method, path).includes(name as RateLimitName);
              }).length;
              if (n === 0) continue;
              ms = Math.max(ms, (Math.max(0, n - rule.burst) / rule.perMinute) * 60_000);
              interval = Math.max(interval, 60_000 / rule.perMinute);
            }
            return { ms, interval };
          };
          const w = floor(batch.filter((k) => k !== 4));
          expect(last).toBeLessThanOrEqual(w.ms * 1.05 + 2 * w.interval);
          // Reads have their own budget: the writes beside them do not slow them.
          const r = floor(batch.filter((k) => k === 4));
          expect(lastRead).toBeLessThanOrEqual(r.ms + 2 * r.interval);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
