/**
 * The order requests leave the limiter in, driven in virtual time at Slack's published limits: one kind in the
 * order asked, kinds taking turns for the org-wide budget, reads apart from writes, and the slowed rate after a
 * `Retry-After`.
 */
import { describe, expect, it } from "vitest";
import { type RateLimitRules, rateLimitsFor, slackRateLimits } from "../src/index.js";
import { RateLimiter } from "../src/ratelimit/limiter.js";
import { silentLogger } from "./helpers/clients.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

interface Granted {
  at: number;
  label: string;
}

/** A limiter on a virtual clock, and a way to ask it for tokens at a given time. */
function harness(rules: RateLimitRules = slackRateLimits) {
  const clock = new VirtualClock();
  const limiter = new RateLimiter(rules, clock);
  const logger = silentLogger();
  const granted: Granted[] = [];
  const ask = (at: number, label: string, [method, path]: readonly [string, string]) =>
    clock.at(at, () => {
      const names = rateLimitsFor(method, path);
      const done = (when: number) => {
        granted.push({ at: when, label });
        clock.at(when + 50, () => limiter.settle(names));
      };
      const wait = limiter.acquire(names, undefined, logger, `${method} ${path}`);
      if (wait === undefined) done(clock.now());
      else void wait.then(done);
    });
  return { clock, limiter, granted, ask };
}

const write: Record<string, readonly [string, string]> = {
  create: ["POST", "Users"],
  patch: ["PATCH", "Users/W1"],
  delete: ["DELETE", "Users/W1"],
  groupCreate: ["POST", "Groups"],
  groupPatch: ["PATCH", "Groups/S1"],
};

describe("the order requests leave in", () => {
  it("a long queue of creates does not hold deactivations back", async () => {
    const { clock, granted, ask } = harness();
    for (let i = 0; i < 1_000; i += 1) ask(0, "create", ["POST", "Users"]);
    // A minute later, while the creates still queue (180 a minute), five deactivations.
    for (let i = 0; i < 5; i += 1) ask(60_000, "delete", ["DELETE", "Users/W1"]);
    await clock.run();
    const deletes = granted.filter((g) => g.label === "delete");
    expect(deletes.map((g) => g.at)).toEqual([60_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it("kinds take turns for the org-wide budget: a newcomer's first request leaves within one turn", async () => {
    const { clock, granted, ask } = harness();
    // Four kinds of 1,000 each: together they allow 720 a minute, the org-wide budget 600.
    for (const kind of ["create", "patch", "groupCreate", "groupPatch"] as const) {
      for (let i = 0; i < 1_000; i += 1) ask(0, kind, write[kind] ?? ["GET", "Users"]);
    }
    for (let i = 0; i < 5; i += 1) ask(120_000, "delete", ["DELETE", "Users/W1"]);
    await clock.run(200_000);
    // The org-wide budget sets the pace: one write every 100 ms. The deletes' first leaves with the next org
    // token (a kind that has not had a turn goes first), and then one in every round of the five kinds, not
    // after the thousands of writes queued before them.
    const deletes = granted.filter((g) => g.label === "delete").map((g) => g.at - 120_000);
    expect(deletes).toHaveLength(5);
    for (const [i, at] of deletes.entries()) expect(at).toBeLessThanOrEqual((5 * i + 1) * 100 + 1);
    // And the four kinds share it evenly: after their bursts, counts never drift more than two apart.
    const counts = new Map<string, number>();
    let worst = 0;
    for (const g of granted.filter((x) => x.at > 0 && x.at < 120_000)) {
      counts.set(g.label, (counts.get(g.label) ?? 0) + 1);
      const values = [...counts.values()];
      if (values.length === 4) worst = Math.max(worst, Math.max(...values) - Math.min(...values));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it("reads never wait for the write budget", async () => {
    const { clock, granted, ask } = harness();
    for (const kind of ["create", "patch", "delete", "groupPatch"] as const) {
      for (let i = 0; i < 400; i += 1) ask(0, kind, write[kind] ?? ["GET", "Users"]);
    }
    for (let i = 0; i < 200; i += 1) ask(1_000, "read", ["GET", "Users/W1"]);
    await clock.run(2_000);
    const reads = granted.filter((g) => g.label === "read");
    expect(reads).toHaveLength(200);
    expect(reads.every((g) => g.at === 1_000)).toBe(true);
  });

  it("requests that waited through a Retry-After leave at the slowed rate, then the rate climbs back", async () => {
    // One request every 50 ms at the published rate, a burst of 10.
    const { clock, limiter, granted, ask } = harness({ "GET /Users/{id}": { perMinute: 1_200, burst: 10 } });
    clock.at(0, () => limiter.rateLimited(["reads", "GET /Users/{id}"], 1_000, silentLogger(), "a 429"));
    for (let i = 0; i < 40; i += 1) ask(1, "read", ["GET", "Users/W1"]);
    await clock.run();
    const times = granted.map((g) => g.at);
    expect(times[0]).toBeGreaterThanOrEqual(1_000);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // What the second held back at the published rate (20) leaves at half that rate: 100 ms apart.
    for (const gap of gaps.slice(0, 19)) expect(gap).toBeGreaterThanOrEqual(99);
    // Then the rate climbs back towards one every 50 ms.
    expect(gaps.at(-1)).toBeLessThan(80);
  });
});
