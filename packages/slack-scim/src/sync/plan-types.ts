import type { User } from "../models/user.js";
import type { DesiredUser, PatchOperation } from "../patch/index.js";
import type { SyncAttribute } from "./desired-user.js";

/** A user a step acts on: one that exists (`id`), or the one an earlier create step of the plan makes. */
export type SyncUserRef =
  | { id: string; userName: string; createStep?: undefined }
  | { createStep: string; userName: string; id?: undefined };

/** A group a step acts on: one that exists (`id`), or the one an earlier create step of the plan makes. */
export type SyncGroupRef = { id: string; createStep?: undefined } | { createStep: string; id?: undefined };

/** One attribute a step changes, for review: its value in Slack and the value it will have. */
export interface SyncFieldChange {
  /** The attribute, as the input file names it (`title`, `manager`, `active`, …). */
  attribute: SyncAttribute;
  /** Slack's value when the plan was made (`null` when empty). */
  from: unknown;
  /** The value the step sets (`null` clears it). */
  to: unknown;
}

/** Where in the input a step's person came from. */
export interface SyncStepSource {
  file: string;
  line: number;
}

/** Creates a user (`createUser`, which never makes the same user twice). */
export interface CreateUserStep {
  id: string;
  kind: "createUser";
  /** The request body. */
  user: User;
  userName: string;
  source?: SyncStepSource;
}

/**
 * Changes an existing user with the minimal PATCH (`kind: "reactivateUser"` when it also sets `active: true`),
 * or sets the manager of a user the plan creates.
 */
export interface UpdateUserStep {
  id: string;
  kind: "updateUser" | "reactivateUser";
  user: SyncUserRef;
  /**
   * What the user looked like when the plan was made (`sha256:…` of its attributes): before the step, the user is
   * read again and skipped if it changed. Absent for a user the plan creates.
   */
  pin?: string;
  /** The operations, from `diffUser`. */
  operations: PatchOperation[];
  /** The manager, when it is a user the plan creates (its id is known only once created). */
  manager?: SyncUserRef;
  /** The attributes the step sets, as `diffUser` compares them: a re-read that already has them needs nothing. */
  desired: DesiredUser;
  /** Field by field, for review. */
  changes: SyncFieldChange[];
  source?: SyncStepSource;
}

/** Deactivates a user (`deleteUser`: Slack never deletes users). */
export interface DeactivateUserStep {
  id: string;
  kind: "deactivateUser";
  user: { id: string; userName: string };
  /** See {@link UpdateUserStep.pin}. */
  pin: string;
  /** `"missing"`: in scope and not in the input; `"inactive"`: the input says `active: false`. */
  reason: "missing" | "inactive";
  source?: SyncStepSource;
}

/** Creates a group the input names and Slack does not have. */
export interface CreateGroupStep {
  id: string;
  kind: "createGroup";
  displayName: string;
}

/** Adds members to a group (at most 1,000 per step). */
export interface AddMembersStep {
  id: string;
  kind: "addMembers";
  group: SyncGroupRef;
  displayName: string;
  members: SyncUserRef[];
}

/** Removes members from a group (at most 1,000 per step). */
export interface RemoveMembersStep {
  id: string;
  kind: "removeMembers";
  group: { id: string };
  displayName: string;
  members: { id: string; userName: string }[];
}

/** One step of a plan. */
export type SyncStep =
  | CreateUserStep
  | UpdateUserStep
  | DeactivateUserStep
  | CreateGroupStep
  | AddMembersStep
  | RemoveMembersStep;

/** The kinds of step. */
export type SyncStepKind = SyncStep["kind"];

/** A record of the input that is not planned, and why (a name held by someone else, two records on one user…). */
export interface SyncConflict {
  /** The record's `userName`, or the group's display name. */
  name: string;
  source?: SyncStepSource;
  /** What stands in the way. */
  reason: string;
}

/** How many steps of each kind. */
export interface SyncSummary {
  creates: number;
  updates: number;
  reactivations: number;
  deactivations: number;
  groupCreates: number;
  /** Members added, over every group. */
  memberAdds: number;
  /** Members removed, over every group. */
  memberRemoves: number;
  /** Input records whose user already matches. */
  unchanged: number;
  conflicts: number;
}

/** How users are matched to records: by `externalId`, by `userName`, by primary email. */
export type SyncMatchKey = "externalId" | "userName" | "email";

/**
 * What {@link planSync} produced: plain JSON (see `serializePlan` and `parsePlan`), to be reviewed and then
 * applied as it is by `applyPlan`.
 */
export interface SyncPlan {
  format: "slack-scim/sync-plan";
  version: 1;
  /** Identifies this plan and its content (`sha256`, hex); a journal belongs to one plan. */
  id: string;
  /** When it was made, ISO 8601. */
  createdAt: string;
  /** The client's base URL: a plan applies to that org only. */
  baseUrl: string;
  scimVersion: 1 | 2;
  /** The org when the plan was made. */
  org: {
    /** Users, deactivated ones included. */
    users: number;
    /** Active users. */
    activeUsers: number;
    /** Groups (`null` when the input manages none, so they were not read). */
    groups: number | null;
    /** Active users inside the deactivation scope, protected users left out (`null` without `deactivateMissing`). */
    activeInScope: number | null;
  };
  /** The options that shaped it. */
  options: {
    matchBy: SyncMatchKey[];
    deactivateMissing: boolean;
    scope?: { filter?: string; excluded: number };
  };
  summary: SyncSummary;
  steps: SyncStep[];
  conflicts: SyncConflict[];
}
