import type { RateLimitRules } from "./limiter.js";
import { type RateLimitName, type RateLimitTable, slackRateLimits } from "./slack-limits.js";

/**
 * The `rateLimit` client option: `false` (no client-side limiting), `"slack"` (Slack's published table), or a
 * custom table that replaces Slack's (limits it leaves out do not apply).
 */
export type RateLimitOption = false | "slack" | RateLimitRules;

const names = new Set<string>(Object.keys(slackRateLimits));

/** Throws `TypeError`/`RangeError` naming the bad part of a `rateLimit` option. @internal */
export function validateRateLimitOption(value: unknown): asserts value is RateLimitOption | undefined {
  if (value === undefined || value === false || value === "slack") return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError('SCIM client option "rateLimit" must be false, "slack" or a table of limits');
  }
  for (const [name, rule] of Object.entries(value)) {
    const where = `rateLimit[${JSON.stringify(name)}]`;
    if (!names.has(name)) {
      throw new TypeError(
        `SCIM client option "${where}" is not a Slack limit (one of ${[...names].join(", ")})`,
      );
    }
    if (typeof rule !== "object" || rule === null) {
      throw new TypeError(`SCIM client option "${where}" must be { perMinute, burst }`);
    }
    const { perMinute, burst } = rule as Record<string, unknown>;
    if (typeof perMinute !== "number" || !(perMinute > 0) || !Number.isFinite(perMinute)) {
      throw new RangeError(`SCIM client option "${where}.perMinute" must be a number > 0`);
    }
    if (typeof burst !== "number" || !Number.isInteger(burst) || burst < 1) {
      throw new RangeError(`SCIM client option "${where}.burst" must be an integer >= 1`);
    }
  }
}

/** The rules a validated option stands for, or `undefined` when limiting is off. @internal */
export function rulesFor(option: RateLimitOption | undefined): RateLimitRules | undefined {
  if (option === undefined || option === false) return undefined;
  return option === "slack" ? slackRateLimits : option;
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
