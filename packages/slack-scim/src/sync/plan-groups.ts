import type { DesiredSyncUser } from "./desired-user.js";
import type { SyncClient } from "./org-walk.js";
import type {
  AddMembersStep,
  CreateGroupStep,
  RemoveMembersStep,
  SyncConflict,
  SyncGroupRef,
  SyncUserRef,
} from "./plan-types.js";

/** Members per membership step (Slack takes up to 15,000 per request; smaller steps journal progress finer). */
export const membersPerStep = 1000;

/** The group half of a plan. */
export interface GroupPlan {
  creates: CreateGroupStep[];
  adds: AddMembersStep[];
  removes: RemoveMembersStep[];
  conflicts: SyncConflict[];
  /** Groups in the org (`null` when the input manages no group, so they were not read). */
  groups: number | null;
}

/** What {@link planGroups} needs from the user half. */
export interface GroupPlanInput {
  records: readonly DesiredSyncUser[];
  refs: readonly (SyncUserRef | undefined)[];
  /** Slack users whose records were not planned: never removed from a group. */
  untouchable: ReadonlySet<string>;
  /** The userName of a Slack user, by id (`undefined` for one the walk did not see). */
  userNameOf: (id: string) => string | undefined;
}

interface ExistingGroup {
  id: string;
  members: string[];
  duplicates: number;
}

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += membersPerStep) out.push(list.slice(i, i + membersPerStep));
  return out;
}

/**
 * Membership of the groups the input names (its `groups` column), and no other group: each named group gets
 * exactly the active records that list it. A group Slack lacks is created; a name two Slack groups share is a
 * conflict. Members whose records do not say (no `groups` value) or could not be planned are left where they are.
 */
export async function planGroups(
  client: SyncClient,
  input: GroupPlanInput,
  signal: AbortSignal | undefined,
): Promise<GroupPlan> {
  const plan: GroupPlan = { creates: [], adds: [], removes: [], conflicts: [], groups: null };
  const named = new Map<string, string>();
  for (const record of input.records) {
    for (const group of record.groups ?? []) {
      if (!named.has(group.toLowerCase())) named.set(group.toLowerCase(), group);
    }
  }
  if (!input.records.some((r) => r.groups !== undefined)) return plan;
  const existing = new Map<string, ExistingGroup>();
  plan.groups = 0;
  const args = signal ? { pageSize: 1000, signal } : { pageSize: 1000 };
  for await (const group of client.iterateGroups(args)) {
    plan.groups += 1;
    const key = group.displayName?.toLowerCase();
    if (key === undefined || !named.has(key) || typeof group.id !== "string") continue;
    const seen = existing.get(key);
    if (seen) seen.duplicates += 1;
    else {
      const members = (group.members ?? [])
        .map((m) => m.value)
        .filter((v): v is string => typeof v === "string");
      existing.set(key, { id: group.id, members, duplicates: 0 });
    }
  }
  const leaveAlone = new Set(input.untouchable);
  const wantedBy = new Map<string, SyncUserRef[]>();
  input.records.forEach((record, index) => {
    const ref = input.refs[index];
    if (record.groups === undefined && ref?.id !== undefined) leaveAlone.add(ref.id);
    if (ref === undefined || record.active === false) return;
    for (const group of record.groups ?? []) {
      const key = group.toLowerCase();
      const list = wantedBy.get(key);
      if (list) list.push(ref);
      else wantedBy.set(key, [ref]);
    }
  });
  for (const [key, displayName] of named) {
    const current = existing.get(key);
    if (current && current.duplicates > 0) {
      plan.conflicts.push({
        name: displayName,
        reason: `${current.duplicates + 1} Slack groups have this name`,
      });
      continue;
    }
    const wanted = wantedBy.get(key) ?? [];
    let group: SyncGroupRef;
    if (current === undefined) {
      const id = `create-group:${key}`;
      plan.creates.push({ id, kind: "createGroup", displayName });
      group = { createStep: id };
    } else group = { id: current.id };
    const members = new Set(current?.members ?? []);
    const adds = wanted.filter((ref) => ref.id === undefined || !members.has(ref.id));
    const stepKey = current?.id ?? key;
    chunks(adds).forEach((list, n) => {
      plan.adds.push({
        id: `add-members:${stepKey}:${n + 1}`,
        kind: "addMembers",
        group,
        displayName,
        members: list,
      });
    });
    if (current === undefined) continue;
    const keep = new Set(wanted.map((ref) => ref.id).filter((id) => id !== undefined));
    const removes = current.members
      .filter((id) => !keep.has(id) && !leaveAlone.has(id))
      .map((id) => ({ id, userName: input.userNameOf(id) ?? id }));
    chunks(removes).forEach((list, n) => {
      plan.removes.push({
        id: `remove-members:${current.id}:${n + 1}`,
        kind: "removeMembers",
        group: { id: current.id },
        displayName,
        members: list,
      });
    });
  }
  return plan;
}
