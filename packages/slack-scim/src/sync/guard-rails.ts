import type { SyncRefusal } from "../core/errors.js";
import type { SyncPlan } from "./plan-types.js";

/** The guard rails `applyPlan` enforces before anything is applied. */
export interface GuardRailOptions {
  /**
   * The most deactivations a plan may hold.
   * @defaultValue the smaller of 10 and 5% of the org's active users (rounded down)
   */
  maxDeactivations?: number;
  /**
   * The most changes a plan may hold: users created, updated, reactivated or deactivated, groups created, and
   * members added or removed (each member counts).
   * @defaultValue no limit
   */
  maxChanges?: number;
  /**
   * Apply a plan that deactivates more than half of its scope (the active users it may deactivate; the whole
   * org without `deactivateMissing`). Such a plan is refused otherwise: a truncated or wrong input file looks
   * exactly like that.
   * @defaultValue `false`
   */
  force?: boolean;
}

/** One guard rail a plan breaks. */
export interface GuardRailViolation {
  /** Which rule. */
  reason: Extract<SyncRefusal, "maxDeactivations" | "maxChanges" | "massDeactivation">;
  /** A sentence for an admin. */
  message: string;
  /** The plan's figure. */
  actual: number;
  /** The limit. */
  limit: number;
}

/** The default `maxDeactivations` for an org with `activeUsers` active users: min(10, 5%). */
export function defaultMaxDeactivations(activeUsers: number): number {
  return Math.min(10, Math.floor(activeUsers * 0.05));
}

/** How many changes a plan makes, as `maxChanges` counts them. */
export function countChanges(plan: SyncPlan): number {
  let changes = 0;
  for (const step of plan.steps) {
    if (step.kind === "addMembers" || step.kind === "removeMembers") changes += step.members.length;
    else if (step.kind !== "updateUser" || step.user.id !== undefined || step.operations.length > 0)
      changes += 1;
  }
  return changes;
}

function checkLimit(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !(value >= 0) || (!Number.isInteger(value) && value !== Infinity)) {
    throw new RangeError(`applyPlan: option ${name} must be an integer >= 0 (or Infinity)`);
  }
}

/**
 * The guard rails `plan` breaks under `options` (none: an empty list), for review before `applyPlan`, which
 * refuses the plan on the first of them.
 *
 * @throws `RangeError` for a bad limit.
 */
export function checkGuardRails(plan: SyncPlan, options: GuardRailOptions = {}): GuardRailViolation[] {
  checkLimit("maxDeactivations", options.maxDeactivations);
  checkLimit("maxChanges", options.maxChanges);
  if (options.force !== undefined && typeof options.force !== "boolean") {
    throw new TypeError("applyPlan: option force must be a boolean");
  }
  const out: GuardRailViolation[] = [];
  const deactivations = plan.steps.filter((s) => s.kind === "deactivateUser").length;
  const maxDeactivations = options.maxDeactivations ?? defaultMaxDeactivations(plan.org.activeUsers);
  if (deactivations > maxDeactivations) {
    out.push({
      reason: "maxDeactivations",
      message: `the plan deactivates ${deactivations} user${deactivations === 1 ? "" : "s"}; maxDeactivations allows ${maxDeactivations}${options.maxDeactivations === undefined ? " (the default: the smaller of 10 and 5% of active users)" : ""}`,
      actual: deactivations,
      limit: maxDeactivations,
    });
  }
  const changes = countChanges(plan);
  if (options.maxChanges !== undefined && changes > options.maxChanges) {
    out.push({
      reason: "maxChanges",
      message: `the plan makes ${changes} changes; maxChanges allows ${options.maxChanges}`,
      actual: changes,
      limit: options.maxChanges,
    });
  }
  const scope = plan.org.activeInScope ?? plan.org.activeUsers;
  if (!options.force && deactivations > 0 && deactivations > scope / 2) {
    out.push({
      reason: "massDeactivation",
      message: `the plan deactivates ${deactivations} of the ${scope} active users in its scope (more than half); check the input, or pass force: true`,
      actual: deactivations,
      limit: Math.floor(scope / 2),
    });
  }
  return out;
}
