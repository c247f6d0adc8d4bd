import { SCIMHTTPError } from "../core/errors.js";
import type { SCIMFilter } from "../filter/index.js";
import type { User } from "../models/user.js";
import { diffUser } from "../patch/index.js";
import { SCIM2Client } from "../v2/client.js";
import { checkRecords } from "./check-records.js";
import type { DesiredSyncUser } from "./desired-user.js";
import { IssueList } from "./issues.js";
import { OrgWalk, type SyncClient } from "./org-walk.js";
import { pinOf } from "./pin.js";
import { planId } from "./plan-file.js";
import { planGroups } from "./plan-groups.js";
import type { SyncMatchKey, SyncPlan, SyncStep } from "./plan-types.js";
import { planUsers, type UserPlan } from "./plan-users.js";

/**
 * Which users a plan may deactivate (with `deactivateMissing`): those the filter matches, minus those listed in
 * `exclude`. Give at least one; `{ exclude: [] }` means every user.
 */
export interface SyncScope {
  /**
   * A SCIM filter on Slack's filterable attributes (`userName`, `email`, `restricted`, `ultra_restricted`), read
   * with a second walk, e.g. `scimFilter\`email co ${"@acme.example"}\``.
   */
  filter?: string | SCIMFilter;
  /** Users outside the scope: ids, `userName`s or emails. */
  exclude?: readonly string[];
}

/** Options of {@link planSync}. */
export interface PlanSyncOptions {
  /**
   * How a record finds its Slack user: each key in order, the first that matches wins.
   * @defaultValue `["externalId", "userName", "email"]`
   */
  matchBy?: readonly SyncMatchKey[];
  /**
   * Also deactivate active users in `scope` that no record matches. Needs `scope`.
   * @defaultValue `false`
   */
  deactivateMissing?: boolean;
  /** The users `deactivateMissing` may deactivate. */
  scope?: SyncScope;
  /**
   * Users never deactivated, whatever the input says: ids, `userName`s or emails. Slack's SCIM answers do not
   * mark bots, the primary owner or the user whose token is used, so name them here (Slack refuses to deactivate
   * bots and the primary owner anyway, and `applyPlan` reports such a refusal as skipped).
   */
  protectedUsers?: readonly string[];
  /**
   * `"onCreate"` sends `displayName` only when creating users, as Slack advises for orgs that let people choose
   * their own display name (updating it there fails with `invalid_display_name`).
   * @defaultValue `"always"`
   */
  displayName?: "always" | "onCreate";
  /** Stops the walks; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

const matchKeys: readonly SyncMatchKey[] = ["externalId", "userName", "email"];

function checkOptions(options: PlanSyncOptions): void {
  const { matchBy, scope, protectedUsers, displayName } = options;
  if (matchBy !== undefined) {
    if (!Array.isArray(matchBy) || matchBy.length === 0 || matchBy.some((k) => !matchKeys.includes(k))) {
      throw new TypeError(`planSync: option matchBy must be a non-empty list of ${matchKeys.join(", ")}`);
    }
    if (new Set(matchBy).size !== matchBy.length)
      throw new TypeError("planSync: option matchBy lists a key twice");
  }
  const refs = (name: string, value: unknown) => {
    if (
      value !== undefined &&
      (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === ""))
    ) {
      throw new TypeError(`planSync: option ${name} must be a list of ids, userNames or emails`);
    }
  };
  refs("protectedUsers", protectedUsers);
  if (scope !== undefined) {
    if (typeof scope !== "object" || scope === null)
      throw new TypeError("planSync: option scope must be an object");
    refs("scope.exclude", scope.exclude);
    if (scope.filter === undefined && scope.exclude === undefined) {
      throw new TypeError("planSync: option scope needs filter or exclude ({ exclude: [] } for every user)");
    }
  }
  if (options.deactivateMissing !== undefined && typeof options.deactivateMissing !== "boolean") {
    throw new TypeError("planSync: option deactivateMissing must be a boolean");
  }
  if (options.deactivateMissing && scope === undefined) {
    throw new TypeError(
      "planSync: deactivateMissing needs scope: { filter } and/or { exclude } ({ exclude: [] } for every user)",
    );
  }
  if (displayName !== undefined && displayName !== "always" && displayName !== "onCreate") {
    throw new TypeError('planSync: option displayName must be "always" or "onCreate"');
  }
}

/** Whether a user is named by one of `refs` (id, userName or any email, ignoring case). */
function referencedBy(refs: readonly string[] | undefined): (user: User) => boolean {
  const set = new Set((refs ?? []).map((r) => r.toLowerCase()));
  if (set.size === 0) return () => false;
  return (user) =>
    set.has((user.id ?? "").toLowerCase()) ||
    set.has((user.userName ?? "").toLowerCase()) ||
    (user.emails ?? []).some((e) => typeof e?.value === "string" && set.has(e.value.toLowerCase()));
}

async function scopeIds(client: SyncClient, scope: SyncScope, signal: AbortSignal | undefined) {
  if (scope.filter === undefined) return undefined;
  const ids = new Set<string>();
  const args = { filter: scope.filter, pageSize: 1000, ...(signal ? { signal } : {}) };
  for await (const user of client.iterateUsers(args)) if (user.id) ids.add(user.id);
  return ids;
}

/**
 * Reads again the few users the walk did not pin (one a record named but did not keep, a manager the walk could
 * not judge), pins them, and plans their step from that read. A user gone or already as planned drops its step.
 */
async function pinLate(client: SyncClient, plan: UserPlan, signal: AbortSignal | undefined): Promise<void> {
  const dropped = new Set<SyncStep>();
  for (const step of plan.unpinned) {
    let fresh: User;
    try {
      fresh = (await client.readUser(step.user.id as string, signal ? { signal } : {})).user;
    } catch (error) {
      if (!(error instanceof SCIMHTTPError && error.statusCode === 404)) throw error;
      dropped.add(step);
      continue;
    }
    step.pin = pinOf(fresh);
    if (step.kind === "deactivateUser") {
      if (fresh.active === false) dropped.add(step);
      continue;
    }
    step.operations = diffUser(fresh, step.desired);
    if (step.operations.length === 0 && step.manager === undefined) {
      dropped.add(step);
      plan.unchanged += 1;
    }
  }
  if (dropped.size === 0) return;
  plan.updates = plan.updates.filter((s) => !dropped.has(s));
  plan.deactivations = plan.deactivations.filter((s) => !dropped.has(s));
}

/**
 * Plans the changes that make the org match `desired`: reads the org once with `iterateUsers` (and the groups
 * once when the input names groups), matches each record to a Slack user (by `externalId`, then `userName`, then
 * primary email, or `matchBy`), and returns the steps: user creates, the minimal PATCH per changed user (field by
 * field, from `diffUser`), reactivations, deactivations (records marked inactive, and with `deactivateMissing`
 * the users of `scope` no record matches), group creates and membership changes. Each update and deactivation
 * carries a pin of the user it was planned against. Nothing is written.
 *
 * @throws {@link SyncInputError} when a record is invalid or names a manager nobody is.
 * @throws `TypeError` for a bad option (`deactivateMissing` without `scope`, …).
 * @example
 * ```ts
 * const plan = await planSync(client, await readDesiredUsers("people.csv"), {
 *   deactivateMissing: true,
 *   scope: { filter: 'email co "@acme.example"' },
 *   protectedUsers: ["W0PRIMARYOWNER", "it-bot"],
 * });
 * ```
 */
export async function planSync(
  client: SyncClient,
  desired: readonly DesiredSyncUser[],
  options: PlanSyncOptions = {},
): Promise<SyncPlan> {
  checkOptions(options);
  const { signal } = options;
  signal?.throwIfAborted();
  const records = checkRecords(desired);
  const version = client instanceof SCIM2Client ? 2 : 1;
  const matchBy = [...(options.matchBy ?? matchKeys)];
  const deactivateMissing = options.deactivateMissing ?? false;
  const isProtected = referencedBy(options.protectedUsers);
  const isExcluded = referencedBy(options.scope?.exclude);
  const inFilter = options.scope ? await scopeIds(client, options.scope, signal) : undefined;
  const protectedIds = new Set<string>();
  const walk = new OrgWalk(records, {
    version,
    matchBy,
    displayName: options.displayName !== "onCreate",
    inScope: (user) => {
      if (isProtected(user)) {
        protectedIds.add(user.id as string);
        return false;
      }
      return (
        deactivateMissing && (inFilter === undefined || inFilter.has(user.id as string)) && !isExcluded(user)
      );
    },
  });
  await walk.walk(client, signal);
  const issues = new IssueList(100);
  const users = planUsers(walk, {
    version,
    deactivateMissing,
    isProtected: (id) => protectedIds.has(id),
    issues,
  });
  issues.throwIfAny();
  await pinLate(client, users, signal);
  const groups = await planGroups(
    client,
    { ...users, records, userNameOf: (id) => walk.userNameOf(id) },
    signal,
  );
  const steps = [
    ...users.creates,
    ...groups.creates,
    ...users.updates,
    ...groups.adds,
    ...groups.removes,
    ...users.deactivations,
  ];
  const scope = options.scope;
  const body: Omit<SyncPlan, "id"> = {
    format: "slack-scim/sync-plan",
    version: 1,
    createdAt: new Date().toISOString(),
    baseUrl: client.baseUrl,
    scimVersion: version,
    org: {
      users: walk.users,
      activeUsers: walk.activeUsers,
      groups: groups.groups,
      activeInScope: deactivateMissing ? walk.activeInScope : null,
    },
    options: {
      matchBy,
      deactivateMissing,
      ...(scope && {
        scope: {
          ...(scope.filter !== undefined && { filter: String(scope.filter) }),
          excluded: scope.exclude?.length ?? 0,
        },
      }),
    },
    summary: {
      creates: users.creates.length,
      updates: users.updates.filter((s) => s.kind === "updateUser").length,
      reactivations: users.updates.filter((s) => s.kind === "reactivateUser").length,
      deactivations: users.deactivations.length,
      groupCreates: groups.creates.length,
      memberAdds: groups.adds.reduce((n, s) => n + s.members.length, 0),
      memberRemoves: groups.removes.reduce((n, s) => n + s.members.length, 0),
      unchanged: users.unchanged,
      conflicts: users.conflicts.length + groups.conflicts.length,
    },
    steps,
    conflicts: [...users.conflicts, ...groups.conflicts],
  };
  return { id: planId(body), ...body };
}
