import type { RateLimitRules } from "../ratelimit/limiter.js";
import { type RateLimitName, rateLimitsFor } from "../ratelimit/slack-limits.js";
import type { SyncStep } from "./plan-types.js";
import { requestsOf } from "./rate-budget.js";

/**
 * The requests still to send, per phase and per limit, kept up to date as steps finish, so the ETA of each
 * progress report costs a few additions: phases run one after the other, and within a phase the slowest limit
 * sets the pace.
 */
export class RateBudget {
  readonly #table: RateLimitRules;
  readonly #phaseOf = new Map<string, number>();
  readonly #names = new Map<string, RateLimitName[]>();
  readonly #left: Map<RateLimitName, number>[];

  constructor(phases: readonly (readonly SyncStep[])[], table: RateLimitRules) {
    this.#table = table;
    this.#left = phases.map(() => new Map());
    phases.forEach((steps, phase) => {
      for (const step of steps) {
        const names = requestsOf(step).flatMap(([method, path]) => rateLimitsFor(method, path));
        this.#phaseOf.set(step.id, phase);
        this.#names.set(step.id, names);
        const left = this.#left[phase] as Map<RateLimitName, number>;
        for (const name of names) left.set(name, (left.get(name) ?? 0) + 1);
      }
    });
  }

  /** Takes a finished step's requests off the budget. */
  finish(stepId: string): void {
    const left = this.#left[this.#phaseOf.get(stepId) ?? -1];
    if (left === undefined) return;
    for (const name of this.#names.get(stepId) ?? []) left.set(name, (left.get(name) ?? 1) - 1);
    this.#phaseOf.delete(stepId);
  }

  /** The least time the unfinished steps need, in milliseconds (buckets taken as empty). */
  etaMs(): number {
    let total = 0;
    for (const left of this.#left) {
      let slowest = 0;
      for (const [name, count] of left) {
        const rule = this.#table[name];
        if (rule !== undefined && count > 0) slowest = Math.max(slowest, (count / rule.perMinute) * 60_000);
      }
      total += slowest;
    }
    return Math.round(total);
  }
}
