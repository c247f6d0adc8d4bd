import { hash } from "node:crypto";
import type { SyncPlan, SyncStep } from "./plan-types.js";

/**
 * The id of a plan: a hash of everything else in it, so any edit shows. Its JSON text is hashed as it stands (a
 * plan read back from its JSON keeps its key order). @internal
 */
export function planId(body: Omit<SyncPlan, "id">): string {
  return hash("sha256", JSON.stringify(body));
}

/**
 * A plan as JSON text (two-space indented, one trailing newline), to be written, reviewed and applied later
 * with {@link parsePlan} and `applyPlan`. It holds the base URL it was made against and its creation time.
 */
export function serializePlan(plan: SyncPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

const kinds = new Set<SyncStep["kind"]>([
  "createUser",
  "updateUser",
  "reactivateUser",
  "deactivateUser",
  "createGroup",
  "addMembers",
  "removeMembers",
]);

/**
 * Checks that `value` is a whole, unmodified plan: the format and version this library writes, every step of a
 * known kind with a unique id, and an `id` that matches the content (so a plan edited after review is refused).
 *
 * @throws `TypeError` naming what is wrong.
 */
export function checkPlan(value: unknown): SyncPlan {
  const plan = value as Partial<SyncPlan> | null;
  if (typeof plan !== "object" || plan === null || plan.format !== "slack-scim/sync-plan") {
    throw new TypeError("not a sync plan (format must be slack-scim/sync-plan)");
  }
  if (plan.version !== 1)
    throw new TypeError(`sync plan version ${String(plan.version)} is not supported (1 is)`);
  if (typeof plan.baseUrl !== "string" || typeof plan.createdAt !== "string" || !Array.isArray(plan.steps)) {
    throw new TypeError("sync plan is incomplete: baseUrl, createdAt and steps are required");
  }
  if (Number.isNaN(Date.parse(plan.createdAt))) throw new TypeError("sync plan createdAt is not a date");
  const ids = new Set<string>();
  for (const [index, step] of plan.steps.entries()) {
    if (typeof step?.id !== "string" || !kinds.has(step.kind)) {
      throw new TypeError(`sync plan step ${index} has no id or an unknown kind`);
    }
    if (ids.has(step.id)) throw new TypeError(`sync plan step id ${JSON.stringify(step.id)} appears twice`);
    ids.add(step.id);
  }
  const { id, ...body } = plan as SyncPlan;
  if (id !== planId(body)) {
    throw new TypeError(
      "sync plan was changed after it was made (its id does not match its content); plan again",
    );
  }
  return plan as SyncPlan;
}

/**
 * Reads a plan written by {@link serializePlan}.
 *
 * @throws `TypeError` when the text is not JSON or not a whole, unmodified plan (see {@link checkPlan}).
 */
export function parsePlan(text: string): SyncPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`sync plan is not JSON (${(error as Error).message})`);
  }
  return checkPlan(value);
}
