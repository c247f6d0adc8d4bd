import { diffUser } from "../patch/index.js";
import type { DesiredSyncUser } from "./desired-user.js";
import type { IssueList } from "./issues.js";
import type { Match, OrgWalk } from "./org-walk.js";
import type {
  CreateUserStep,
  DeactivateUserStep,
  SyncConflict,
  SyncStepSource,
  SyncUserRef,
  UpdateUserStep,
} from "./plan-types.js";
import { createBodyFor, enterpriseUrn } from "./user-fields.js";

/** The user half of a plan. */
export interface UserPlan {
  creates: CreateUserStep[];
  updates: UpdateUserStep[];
  deactivations: DeactivateUserStep[];
  conflicts: SyncConflict[];
  unchanged: number;
  /** Per record: the user it was planned onto, or `undefined` when it is a conflict. */
  refs: (SyncUserRef | undefined)[];
  /** Slack users that records point at but that were not planned: group changes leave them alone. */
  untouchable: Set<string>;
  /** Steps on users the walk did not pin (rare): to be read again for their pin before the plan is done. */
  unpinned: (UpdateUserStep | DeactivateUserStep)[];
}

/** What {@link planUsers} needs besides the walk. */
export interface UserPlanContext {
  version: 1 | 2;
  deactivateMissing: boolean;
  isProtected: (id: string) => boolean;
  issues: IssueList;
}

const createId = (userName: string) => `create-user:${userName.toLowerCase()}`;

function sourceOf(record: DesiredSyncUser): SyncStepSource | undefined {
  return record.source ? { file: record.source.file, line: record.source.line } : undefined;
}

/** Adds the record's file and line to `step`, an object made for it here (set in place: copying costs more). */
function withSource<T extends object>(step: T, record: DesiredSyncUser): T {
  const source = sourceOf(record);
  if (source) (step as T & { source?: SyncStepSource }).source = source;
  return step;
}

/** Why a record cannot be planned, or `undefined`. */
function conflictOf(walk: OrgWalk, index: number, match: Match | undefined, chosen: Map<string, number>) {
  const record = walk.records[index] as DesiredSyncUser;
  if (match?.ambiguous) return `more than one Slack user has externalId ${JSON.stringify(record.externalId)}`;
  if (match && (chosen.get(match.id) ?? 0) > 1) {
    return `another record of the input matches the same Slack user (${match.id})`;
  }
  if (match?.refused) return match.refused;
  const holder = walk.nameHolders[index];
  if (holder !== undefined && holder !== match?.id) {
    return `userName ${JSON.stringify(record.userName)} belongs to another Slack user (${holder})`;
  }
  const emailHolder = walk.emailHolders[index];
  if (emailHolder !== undefined && emailHolder !== match?.id) {
    return `email ${JSON.stringify(record.email)} belongs to another Slack user (${emailHolder})`;
  }
  return undefined;
}

/** The manager a record names, as the planned user (or `null` to clear, `undefined` to leave alone). */
function managerOf(
  record: DesiredSyncUser,
  walk: OrgWalk,
  fileIndex: Map<string, number>,
  refs: (SyncUserRef | undefined)[],
  issues: IssueList,
  conflicts: SyncConflict[],
): SyncUserRef | null | undefined {
  if (record.manager === undefined) return undefined;
  if (record.manager === null) return null;
  const ref = record.manager.toLowerCase();
  const inFile = fileIndex.get(ref);
  const planned = inFile === undefined ? undefined : refs[inFile];
  if (planned !== undefined) return planned;
  const id = walk.idByUserName.get(ref) ?? walk.idByEmail.get(ref);
  if (id !== undefined) return { id, userName: walk.userNameOf(id) ?? ref };
  if (inFile === undefined) {
    const at = record.source ?? { file: "<input>", line: 0 };
    issues.add(at, `manager ${JSON.stringify(record.manager)} names nobody in the input or in Slack`, {
      header: "manager",
    });
  } else {
    conflicts.push(
      withSource(
        {
          name: record.userName,
          reason: `manager ${JSON.stringify(record.manager)} is not in Slack and this plan does not create them (inactive in the input, or a conflict); the manager is left as it is`,
        },
        record,
      ),
    );
  }
  return undefined;
}

/**
 * Turns the walk's matches into user steps: a create for each record nobody matched, the minimal PATCH for each
 * matched user that differs (a reactivation when it is inactive), a deactivation for each record marked
 * inactive and, with `deactivateMissing`, for each candidate no record matched. A record that cannot be applied
 * (its name held by someone else, two records on one user) becomes a conflict and changes nothing.
 */
export function planUsers(walk: OrgWalk, ctx: UserPlanContext): UserPlan {
  const { records, matches } = walk;
  const plan: UserPlan = {
    creates: [],
    updates: [],
    deactivations: [],
    conflicts: [],
    unchanged: 0,
    refs: new Array(records.length).fill(undefined),
    untouchable: new Set(),
    unpinned: [],
  };
  const chosen = new Map<string, number>();
  for (const match of matches) if (match) chosen.set(match.id, (chosen.get(match.id) ?? 0) + 1);
  const fileIndex = new Map<string, number>();
  const managed = records.some((r) => typeof r.manager === "string");
  records.forEach((record, index) => {
    if (managed) {
      fileIndex.set(record.userName.toLowerCase(), index);
      fileIndex.set(record.email.toLowerCase(), index);
    }
    const match = matches[index];
    const reason = conflictOf(walk, index, match, chosen);
    if (reason !== undefined) {
      plan.conflicts.push(withSource({ name: record.userName, reason }, record));
      if (match) plan.untouchable.add(match.id);
    } else if (match) plan.refs[index] = { id: match.id, userName: match.userName };
    else if (record.active !== false) {
      plan.refs[index] = { createStep: createId(record.userName), userName: record.userName.toLowerCase() };
    }
  });
  const urn = enterpriseUrn(ctx.version);
  records.forEach((record, index) => {
    const ref = plan.refs[index];
    if (ref === undefined) {
      if (matches[index] === undefined && record.active === false) plan.unchanged += 1;
      return;
    }
    const manager = managerOf(record, walk, fileIndex, plan.refs, ctx.issues, plan.conflicts);
    const match = matches[index];
    if (match === undefined) {
      const body = createBodyFor(record, ctx.version, manager?.id ?? undefined);
      plan.creates.push(
        withSource(
          { id: ref.createStep as string, kind: "createUser", user: body, userName: body.userName as string },
          record,
        ),
      );
      if (manager?.createStep !== undefined) {
        const step: UpdateUserStep = {
          id: `set-manager:${ref.userName}`,
          kind: "updateUser",
          user: ref,
          operations: [],
          manager,
          desired: {},
          changes: [{ attribute: "manager", from: null, to: manager.userName }],
        };
        plan.updates.push(withSource(step, record));
      }
      return;
    }
    if (record.active === false) {
      if (!match.active) plan.unchanged += 1;
      else if (ctx.isProtected(match.id)) {
        plan.conflicts.push(
          withSource({ name: record.userName, reason: "a protected user is never deactivated" }, record),
        );
      } else {
        const user = { id: match.id, userName: match.userName };
        plan.deactivations.push(
          withSource(
            {
              id: `deactivate-user:${match.id}`,
              kind: "deactivateUser",
              user,
              pin: match.pin as string,
              reason: "inactive",
            },
            record,
          ),
        );
      }
      return;
    }
    // The common case, a user that already matches its record, costs nothing more.
    const sameManager =
      manager === undefined ||
      (manager === null
        ? match.managerId === undefined
        : manager.id !== undefined && manager.id === match.managerId);
    if (match.operations.length === 0 && sameManager) {
      plan.unchanged += 1;
      return;
    }
    const operations = [...match.operations];
    const desired = { ...match.desired };
    const changes = [...match.changes];
    let deferred: SyncUserRef | undefined;
    if (manager !== undefined && manager?.createStep !== undefined) deferred = manager;
    else if (manager !== undefined) {
      const want = manager === null ? null : { managerId: manager.id };
      const managerOps = diffUser(
        { [urn]: { manager: match.managerId ? { managerId: match.managerId } : null } },
        { [urn]: { manager: want } },
      );
      operations.push(...managerOps);
      desired[urn] = { ...(desired[urn] as object | undefined), manager: want };
      if (managerOps.length > 0) {
        const from =
          match.managerId === undefined ? null : (walk.userNameOf(match.managerId) ?? match.managerId);
        changes.push({ attribute: "manager", from, to: manager === null ? null : manager.userName });
      }
    }
    if (deferred)
      changes.push({ attribute: "manager", from: match.managerId ?? null, to: deferred.userName });
    if (operations.length === 0 && deferred === undefined) {
      plan.unchanged += 1;
      return;
    }
    const step: UpdateUserStep = {
      id: `update-user:${match.id}`,
      kind: match.active ? "updateUser" : "reactivateUser",
      user: { id: match.id, userName: match.userName },
      operations,
      desired,
      changes,
    };
    if (deferred) step.manager = deferred;
    if (match.pin === undefined) plan.unpinned.push(step);
    else step.pin = match.pin;
    plan.updates.push(withSource(step, record));
  });
  if (ctx.deactivateMissing) {
    // Only a user some record named can be a record's match (or listed twice): the set is built for those.
    let matched: Set<string> | undefined;
    for (const candidate of walk.candidates) {
      if (candidate.named) {
        if (matched === undefined) {
          matched = new Set<string>(plan.untouchable);
          for (const ref of plan.refs) if (ref?.id !== undefined) matched.add(ref.id);
        }
        if (matched.has(candidate.id)) continue;
        matched.add(candidate.id);
      }
      const step: DeactivateUserStep = {
        id: `deactivate-user:${candidate.id}`,
        kind: "deactivateUser",
        user: { id: candidate.id, userName: candidate.userName },
        pin: candidate.pin ?? "",
        reason: "missing",
      };
      if (candidate.pin === undefined) plan.unpinned.push(step);
      plan.deactivations.push(step);
    }
  }
  return plan;
}
