import type { User } from "../models/user.js";
import { type DesiredUser, diffUser, type PatchOperation } from "../patch/index.js";
import type { SCIMClient } from "../v1/client.js";
import type { SCIM2Client } from "../v2/client.js";
import type { DesiredSyncUser } from "./desired-user.js";
import { pinOf } from "./pin.js";
import type { SyncFieldChange, SyncMatchKey } from "./plan-types.js";
import { desiredUserFor, fieldChanges, managerId, primaryEmail } from "./user-fields.js";

/** Either client. */
export type SyncClient = SCIMClient | SCIM2Client;

/** What the walk keeps of a Slack user a record matched: the diff, not the user. */
export interface Match {
  rank: number;
  id: string;
  userName: string;
  active: boolean;
  pin: string;
  /** Operations for everything but the manager. */
  operations: PatchOperation[];
  desired: DesiredUser;
  changes: SyncFieldChange[];
  managerId: string | undefined;
  /** Another Slack user matched the same record by the same key (an `externalId` Slack holds twice). */
  ambiguous: boolean;
  /** Why the record cannot be applied to this user (`diffUser` refused it), if it cannot. */
  refused?: string;
}

/** A deactivation candidate: active, inside the scope, not protected. */
export interface Candidate {
  id: string;
  userName: string;
  pin: string;
}

/** What the walk needs to know. */
export interface WalkSettings {
  version: 1 | 2;
  matchBy: readonly SyncMatchKey[];
  displayName: boolean;
  /** Whether a user is inside the deactivation scope (and not protected); `undefined`: no deactivations. */
  inScope: ((user: User) => boolean) | undefined;
}

const lower = (s: string | undefined) => (typeof s === "string" && s !== "" ? s.toLowerCase() : undefined);

/**
 * One walk over the org: every Slack user is matched against the records (by the keys of `matchBy`, in order)
 * as it streams by, and only what the plan needs is kept: each record's best match as a diff, each user's name,
 * emails and id, and the deactivation candidates. The users themselves are not kept.
 */
export class OrgWalk {
  readonly records: readonly DesiredSyncUser[];
  readonly matches: (Match | undefined)[];
  /** Lower-cased userName → id, for every Slack user. */
  readonly idByUserName = new Map<string, string>();
  /** Lower-cased email (primary and secondary) → id. */
  readonly idByEmail = new Map<string, string>();
  /** id → userName. */
  readonly userNameById = new Map<string, string>();
  readonly candidates: Candidate[] = [];
  users = 0;
  activeUsers = 0;
  activeInScope = 0;
  readonly #settings: WalkSettings;
  readonly #byExternalId = new Map<string, number>();
  readonly #byUserName = new Map<string, number>();
  readonly #byEmail = new Map<string, number>();

  constructor(records: readonly DesiredSyncUser[], settings: WalkSettings) {
    this.records = records;
    this.#settings = settings;
    this.matches = new Array(records.length).fill(undefined);
    records.forEach((record, index) => {
      if (typeof record.externalId === "string") this.#byExternalId.set(record.externalId, index);
      this.#byUserName.set(record.userName.toLowerCase(), index);
      this.#byEmail.set(record.email.toLowerCase(), index);
    });
  }

  /** Walks every user of the org once. */
  async walk(client: SyncClient, signal: AbortSignal | undefined): Promise<void> {
    const args = signal ? { pageSize: 1000, signal } : { pageSize: 1000 };
    for await (const user of client.iterateUsers(args)) this.#see(user);
  }

  #see(user: User): void {
    const id = user.id;
    if (typeof id !== "string" || id === "") return;
    this.users += 1;
    const active = user.active !== false;
    if (active) this.activeUsers += 1;
    const userName = user.userName ?? "";
    const name = lower(userName);
    if (name !== undefined) this.idByUserName.set(name, id);
    this.userNameById.set(id, userName);
    for (const email of user.emails ?? []) {
      const address = lower(email?.value);
      if (address !== undefined && !this.idByEmail.has(address)) this.idByEmail.set(address, id);
    }
    let pin: string | undefined;
    const keys: Record<SyncMatchKey, string | undefined> = {
      externalId: typeof user.externalId === "string" && user.externalId !== "" ? user.externalId : undefined,
      userName: name,
      email: lower(primaryEmail(user)),
    };
    const maps = { externalId: this.#byExternalId, userName: this.#byUserName, email: this.#byEmail };
    this.#settings.matchBy.forEach((key, rank) => {
      const value = keys[key];
      const index = value === undefined ? undefined : maps[key].get(value);
      if (index === undefined) return;
      const best = this.matches[index];
      if (best !== undefined && best.rank < rank) return;
      if (best !== undefined && best.rank === rank) {
        if (best.id !== id) best.ambiguous = true;
        return;
      }
      pin ??= pinOf(user);
      this.matches[index] = this.#match(this.records[index] as DesiredSyncUser, user, rank, pin);
    });
    if (active && this.#settings.inScope?.(user)) {
      this.activeInScope += 1;
      this.candidates.push({ id, userName, pin: pin ?? pinOf(user) });
    }
  }

  #match(record: DesiredSyncUser, user: User, rank: number, pin: string): Match {
    const { version, displayName } = this.#settings;
    const desired = desiredUserFor(record, user, version, undefined, { displayName });
    const match: Match = {
      rank,
      id: user.id as string,
      userName: user.userName ?? "",
      active: user.active !== false,
      pin,
      operations: [],
      desired,
      changes: fieldChanges(record, user, version, { displayName }),
      managerId: managerId(user, version),
      ambiguous: false,
    };
    try {
      if (record.active !== false) match.operations = diffUser(user, desired);
    } catch (error) {
      // e.g. a record that would leave the user without any name, which Slack refuses.
      match.refused = (error as Error).message.replace(/^diffUser: /, "");
    }
    return match;
  }
}
