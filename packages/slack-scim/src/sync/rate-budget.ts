import type { RateLimitRules } from "../ratelimit/limiter.js";
import { type RateLimitName, rateLimitsFor } from "../ratelimit/slack-limits.js";
import type { SyncStep } from "./plan-types.js";

/** The requests a step makes (method and path relative to the base URL), for the rate budget. */
export function requestsOf(step: SyncStep): [string, string][] {
  switch (step.kind) {
    case "createUser":
      return [["POST", "Users"]];
    case "createGroup":
      return [["POST", "Groups"]];
    case "updateUser":
    case "reactivateUser":
      return step.pin === undefined
        ? [["PATCH", "Users/x"]]
        : [
            ["GET", "Users/x"],
            ["PATCH", "Users/x"],
          ];
    case "deactivateUser":
      return [
        ["GET", "Users/x"],
        ["DELETE", "Users/x"],
      ];
    default:
      return [["PATCH", "Groups/x"]];
  }
}

/**
 * The least time, in milliseconds, `steps` can take under `table` when they all run at once: for every limit,
 * the requests that count against it beyond its burst, at its rate; the slowest limit sets the time. With
 * `burst: false` the buckets are taken as empty (a sync already running).
 */
export function floorMs(
  steps: readonly SyncStep[],
  table: RateLimitRules,
  options: { burst: boolean },
): number {
  const counts = new Map<RateLimitName, number>();
  for (const step of steps) {
    for (const [method, path] of requestsOf(step)) {
      for (const name of rateLimitsFor(method, path)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  let slowest = 0;
  for (const [name, count] of counts) {
    const rule = table[name];
    if (rule === undefined) continue;
    const beyond = Math.max(0, count - (options.burst ? rule.burst : 0));
    slowest = Math.max(slowest, (beyond / rule.perMinute) * 60_000);
  }
  return slowest;
}
