import type { User } from "../models/user.js";
import type { DesiredUser, PatchOperation } from "../patch/index.js";
import type { SyncAttribute } from "./desired-user.js";

/** A user a step acts on: one that exists (`id`), or the one an earlier create step of the plan makes. */
export type SyncUserRef =
  | {
      /** The user's id in Slack. */
      id: string;
      /** The user's `userName`. */
      userName: string;
      /** Absent: the user exists already. */
      createStep?: undefined;
    }
  | {
      /** The id of the plan's step that creates the user. */
      createStep: string;
      /** The user's `userName`. */
      userName: string;
      /** Absent: the user does not exist yet. */
      id?: undefined;
    };

/** A group a step acts on: one that exists (`id`), or the one an earlier create step of the plan makes. */
export type SyncGroupRef =
  | {
      /** The group's id in Slack. */
      id: string;
      /** Absent: the group exists already. */
      createStep?: undefined;
    }
  | {
      /** The id of the plan's step that creates the group. */
      createStep: string;
      /** Absent: the group does not exist yet. */
      id?: undefined;
    };

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
  /** The file (or stream name) as read. */
  file: string;
  /** 1-based line where the record starts. */
  line: number;
}

/** Creates a user (`createUser`, which never makes the same user twice). */
export interface CreateUserStep {
  /** Unique in the plan: `create-user:<userName>`. */
  id: string;
  /** The step's kind. */
  kind: "createUser";
  /** The request body. */
  user: User;
  /** The new user's `userName`. */
  userName: string;
  /** The record it comes from. */
  source?: SyncStepSource;
}

/**
 * Changes an existing user with the minimal PATCH (`kind: "reactivateUser"` when it also sets `active: true`),
 * or sets the manager of a user the plan creates.
 */
export interface UpdateUserStep {
  /** Unique in the plan: `update-user:<id>`, or `set-manager:<userName>` for a user the plan creates. */
  id: string;
  /** `"reactivateUser"` when the user is inactive and the PATCH sets `active: true`. */
  kind: "updateUser" | "reactivateUser";
  /** The user changed. */
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
  /** The record it comes from. */
  source?: SyncStepSource;
}

/** Deactivates a user (`deleteUser`: Slack never deletes users). */
export interface DeactivateUserStep {
  /** Unique in the plan: `deactivate-user:<id>`. */
  id: string;
  /** The step's kind. */
  kind: "deactivateUser";
  /** The user deactivated. */
  user: {
    /** The user's id in Slack. */
    id: string;
    /** The user's `userName`. */
    userName: string;
  };
  /** See {@link UpdateUserStep.pin}. */
  pin: string;
  /** `"missing"`: in scope and not in the input; `"inactive"`: the input says `active: false`. */
  reason: "missing" | "inactive";
  /** The record it comes from (for `"inactive"`). */
  source?: SyncStepSource;
}

/** Creates a group the input names and Slack does not have. */
export interface CreateGroupStep {
  /** Unique in the plan: `create-group:<lower-cased name>`. */
  id: string;
  /** The step's kind. */
  kind: "createGroup";
  /** The group's name, as the input first spells it. */
  displayName: string;
}

/** Adds members to a group (at most 1,000 per step). */
export interface AddMembersStep {
  /** Unique in the plan: `add-members:<group id or name>:<n>`. */
  id: string;
  /** The step's kind. */
  kind: "addMembers";
  /** The group. */
  group: SyncGroupRef;
  /** The group's name. */
  displayName: string;
  /** The users added. */
  members: SyncUserRef[];
}

/** Removes members from a group (at most 1,000 per step). */
export interface RemoveMembersStep {
  /** Unique in the plan: `remove-members:<group id>:<n>`. */
  id: string;
  /** The step's kind. */
  kind: "removeMembers";
  /** The group. */
  group: {
    /** The group's id in Slack. */
    id: string;
  };
  /** The group's name. */
  displayName: string;
  /** The users removed. */
  members: {
    /** The member's user id. */
    id: string;
    /** The member's `userName`. */
    userName: string;
  }[];
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
  /** The record, when it is one. */
  source?: SyncStepSource;
  /** What stands in the way. */
  reason: string;
}

/** How many steps of each kind. */
export interface SyncSummary {
  /** Users created. */
  creates: number;
  /** Users updated (set-manager steps of created users included). */
  updates: number;
  /** Users reactivated (and updated). */
  reactivations: number;
  /** Users deactivated. */
  deactivations: number;
  /** Groups created. */
  groupCreates: number;
  /** Members added, over every group. */
  memberAdds: number;
  /** Members removed, over every group. */
  memberRemoves: number;
  /** Input records whose user already matches. */
  unchanged: number;
  /** Entries of {@link SyncPlan.conflicts}. */
  conflicts: number;
}

/** How users are matched to records: by `externalId`, by `userName`, by primary email. */
export type SyncMatchKey = "externalId" | "userName" | "email";

/**
 * What {@link planSync} produced: plain JSON (see `serializePlan` and `parsePlan`), to be reviewed and then
 * applied as it is by `applyPlan`.
 */
export interface SyncPlan {
  /** Always `"slack-scim/sync-plan"`. */
  format: "slack-scim/sync-plan";
  /** The plan format's version. */
  version: 1;
  /** Identifies this plan and its content (`sha256`, hex); a journal belongs to one plan. */
  id: string;
  /** When it was made, ISO 8601. */
  createdAt: string;
  /** The client's base URL: a plan applies to that org only. */
  baseUrl: string;
  /** The client's SCIM version: paths and bodies of the steps are in its form. */
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
  /** The options that shaped it (the scope's filter, and how many users it excluded). */
  options: {
    /** The keys desired users were matched by, in order. */
    matchBy: SyncMatchKey[];
    /** Whether users missing from the input were planned for deactivation. */
    deactivateMissing: boolean;
    /** The deactivation scope, when there was one. */
    scope?: {
      /** The SCIM filter that bounded it. */
      filter?: string;
      /** How many users it excluded by id. */
      excluded: number;
    };
  };
  /** How many steps of each kind. */
  summary: SyncSummary;
  /** What `applyPlan` does, in plan order (it runs them in its own safe order). */
  steps: SyncStep[];
  /** Records and groups not planned, and why. */
  conflicts: SyncConflict[];
}
