import type { User } from "../models/user.js";
import { type DesiredUser, diffUser, type PatchOperation } from "../patch/index.js";
import type { SCIMClient } from "../v1/client.js";
import type { SCIM2Client } from "../v2/client.js";
import type { DesiredSyncUser } from "./desired-user.js";
import { pinOf } from "./pin.js";
import type { SyncFieldChange, SyncMatchKey } from "./plan-types.js";
import { desiredUserFor, fieldChanges, managerId } from "./user-fields.js";

/** Either client. */
export type SyncClient = SCIMClient | SCIM2Client;

/** What the walk keeps of a Slack user a record matched: the diff, not the user. */
export interface Match {
  rank: number;
  id: string;
  userName: string;
  active: boolean;
  /**
   * The user's pin, taken when the record may change the user (`undefined` otherwise: pinning every user would
   * cost more than the walk's own work).
   */
  pin?: string;
  /** Operations for everything but the manager. */
  operations: readonly PatchOperation[];
  desired: DesiredUser;
  changes: readonly SyncFieldChange[];
  managerId: string | undefined;
  /** Another Slack user matched the same record by the same key (an `externalId` Slack holds twice). */
  ambiguous: boolean;
  /** The user is active and inside the deactivation scope (a candidate, should another user displace it). */
  inScope: boolean;
  /** Why the record cannot be applied to this user (`diffUser` refused it), if it cannot. */
  refused?: string;
}

/** A deactivation candidate: active, inside the scope, not protected, and no record's match when seen. */
export interface Candidate {
  id: string;
  userName: string;
  /** A record named the user (so it may still be another record's match, and may be listed twice). */
  named: boolean;
  /** `undefined` for a user a record named: read again should it end up deactivated. */
  pin?: string;
}

/** What the walk needs to know. */
export interface WalkSettings {
  version: 1 | 2;
  matchBy: readonly SyncMatchKey[];
  displayName: boolean;
  /** Whether a user is inside the deactivation scope (and not protected); `undefined`: no deactivations. */
  inScope: ((user: User) => boolean) | undefined;
}

// Shared by the (many) matches that change nothing.
const noOperations: readonly PatchOperation[] = Object.freeze([]);
const nothingDesired: DesiredUser = Object.freeze({});

const lower = (s: string | undefined) => (typeof s === "string" && s !== "" ? s.toLowerCase() : undefined);

/**
 * One walk over the org: every Slack user is matched against the records (by the keys of `matchBy`, in order)
 * as it streams by, and only what the plan needs is kept: each record's best match as a diff, who holds each
 * record's userName and email, the managers' ids, the userNames of the users no record matched, and the
 * deactivation candidates. The users themselves are not kept.
 */
export class OrgWalk {
  readonly records: readonly DesiredSyncUser[];
  readonly matches: (Match | undefined)[];
  /** Lower-cased userName → id, for the managers the input names. */
  readonly idByUserName = new Map<string, string>();
  /** Lower-cased email (primary and secondary) → id, for the managers the input names. */
  readonly idByEmail = new Map<string, string>();
  /** Per record: the Slack user holding the record's userName (kept by index: cheaper than a map per user). */
  readonly nameHolders: (string | undefined)[];
  /** Per record: the first Slack user holding the record's email, as primary or secondary. */
  readonly emailHolders: (string | undefined)[];
  /** id → userName of every user but the records' matches (they hold their own). */
  readonly #userNameById = new Map<string, string>();
  /** id → userName of the records' matches, built on the first {@link OrgWalk.userNameOf} they answer. */
  #matchNameById: Map<string, string> | undefined;
  readonly candidates: Candidate[] = [];
  users = 0;
  activeUsers = 0;
  activeInScope = 0;
  readonly #settings: WalkSettings;
  readonly #byExternalId = new Map<string, number>();
  readonly #byUserName = new Map<string, number>();
  readonly #byEmail = new Map<string, number>();
  /** Per record: its lower-cased email. */
  readonly #emails: string[] = [];
  /** The domains of the records' emails: an address elsewhere names no record, without a lookup. */
  readonly #domains = new Set<string>();
  /** Lower-cased manager references of the input. */
  readonly #wanted = new Set<string>();

  constructor(records: readonly DesiredSyncUser[], settings: WalkSettings) {
    this.records = records;
    this.#settings = settings;
    this.matches = new Array(records.length).fill(undefined);
    this.nameHolders = new Array(records.length).fill(undefined);
    this.emailHolders = new Array(records.length).fill(undefined);
    records.forEach((record, index) => {
      if (typeof record.externalId === "string") this.#byExternalId.set(record.externalId, index);
      this.#byUserName.set(record.userName.toLowerCase(), index);
      const email = record.email.toLowerCase();
      this.#byEmail.set(email, index);
      this.#emails.push(email);
      this.#domains.add(email.slice(email.lastIndexOf("@") + 1));
      if (typeof record.manager === "string") this.#wanted.add(record.manager.toLowerCase());
    });
  }

  /** Walks every user of the org once. */
  async walk(client: SyncClient, signal: AbortSignal | undefined): Promise<void> {
    const args = signal ? { pageSize: 1000, signal } : { pageSize: 1000 };
    for await (const user of client.iterateUsers(args)) this.#see(user);
  }

  /** The userName of a Slack user the walk saw, by id; asked once the walk is over. */
  userNameOf(id: string): string | undefined {
    const name = this.#userNameById.get(id);
    if (name !== undefined) return name;
    if (this.#matchNameById === undefined) {
      this.#matchNameById = new Map();
      for (const match of this.matches) if (match) this.#matchNameById.set(match.id, match.userName);
    }
    return this.#matchNameById.get(id);
  }

  #see(user: User): void {
    const id = user.id;
    if (typeof id !== "string" || id === "") return;
    this.users += 1;
    const active = user.active !== false;
    if (active) this.activeUsers += 1;
    const userName = user.userName ?? "";
    const name = lower(userName);
    // Each key is looked up once. Names and emails are kept only where the input needs them: its own (to see
    // them held by someone else) and its managers'.
    const wanted = this.#wanted.size > 0 ? this.#wanted : undefined;
    const byName = name === undefined ? undefined : this.#byUserName.get(name);
    if (byName !== undefined) this.nameHolders[byName] = id;
    if (name !== undefined && wanted?.has(name)) this.idByUserName.set(name, id);
    // The record the primary email names (the first email when none is marked primary).
    let byEmail: number | undefined;
    let chosen: "none" | "first" | "primary" = "none";
    for (const email of user.emails ?? []) {
      const value = email?.value;
      if (typeof value !== "string") continue;
      const address = lower(value);
      const index = address === undefined ? undefined : this.#recordOfEmail(address, byName);
      if (chosen === "none" || (chosen === "first" && email.primary === true)) {
        byEmail = index;
        chosen = email.primary === true ? "primary" : "first";
      }
      if (index !== undefined) this.emailHolders[index] ??= id;
      if (address !== undefined && wanted?.has(address) && !this.idByEmail.has(address)) {
        this.idByEmail.set(address, id);
      }
    }
    const inScope = active && this.#settings.inScope?.(user) === true;
    if (inScope) this.activeInScope += 1;
    let pin: string | undefined;
    let named = false;
    let matched = false;
    const { matchBy } = this.#settings;
    for (let rank = 0; rank < matchBy.length; rank += 1) {
      const key = matchBy[rank];
      const index =
        key === "userName"
          ? byName
          : key === "email"
            ? byEmail
            : typeof user.externalId === "string" && user.externalId !== ""
              ? this.#byExternalId.get(user.externalId)
              : undefined;
      if (index === undefined) continue;
      named = true;
      const best = this.matches[index];
      if (best !== undefined && best.rank < rank) continue;
      if (best !== undefined && best.rank === rank) {
        if (best.id !== id) best.ambiguous = true;
        continue;
      }
      const match = this.#match(this.records[index] as DesiredSyncUser, user, rank, pin, inScope);
      pin ??= match.pin;
      this.matches[index] = match;
      matched = true;
      // The user this one displaces may now be no record's match: a deactivation candidate after all.
      if (best !== undefined && best.id !== id) this.#userNameById.set(best.id, best.userName);
      if (best !== undefined && best.id !== id && best.inScope) {
        const candidate: Candidate = { id: best.id, userName: best.userName, named: true };
        if (best.pin !== undefined) candidate.pin = best.pin;
        this.candidates.push(candidate);
      }
    }
    // A record's match is not deactivated, so it is no candidate (unless another user displaces it later). A
    // user no record names is deactivated, so it is pinned now. One a record names but another user matched is
    // pinned later, should it end up deactivated: planSync reads it again.
    if (matched) return;
    this.#userNameById.set(id, userName);
    if (!inScope) return;
    const candidate: Candidate = { id, userName, named };
    const candidatePin = pin ?? (named ? undefined : pinOf(user));
    if (candidatePin !== undefined) candidate.pin = candidatePin;
    this.candidates.push(candidate);
  }

  /**
   * The record whose email `address` is. Map lookups are most of the walk's own cost, so the record the user's
   * userName matched is tried first, and an address in a domain no record uses is not looked up at all.
   */
  #recordOfEmail(address: string, byName: number | undefined): number | undefined {
    if (byName !== undefined && this.#emails[byName] === address) return byName;
    if (!this.#domains.has(address.slice(address.lastIndexOf("@") + 1))) return undefined;
    return this.#byEmail.get(address);
  }

  /** Whether a record's manager may differ from the user's, as far as the walk has seen (unsure: yes). */
  #managerMayChange(record: DesiredSyncUser, current: string | undefined): boolean {
    if (record.manager === undefined) return false;
    if (record.manager === null) return current !== undefined;
    const ref = record.manager.toLowerCase();
    const id = this.idByUserName.get(ref) ?? this.idByEmail.get(ref);
    return id === undefined || id !== current;
  }

  #match(
    record: DesiredSyncUser,
    user: User,
    rank: number,
    pin: string | undefined,
    inScope: boolean,
  ): Match {
    const { version, displayName } = this.#settings;
    const changes = fieldChanges(record, user, version, { displayName });
    const current = managerId(user, version);
    const match: Match = {
      rank,
      id: user.id as string,
      userName: user.userName ?? "",
      active: user.active !== false,
      operations: noOperations,
      desired: nothingDesired,
      changes,
      managerId: current,
      ambiguous: false,
      inScope,
    };
    if (changes.length > 0 || record.active === false || this.#managerMayChange(record, current)) {
      match.pin = pin ?? pinOf(user);
    }
    // Most records match their user already: when no field the record gives differs, there is nothing to diff.
    if (changes.length === 0 || record.active === false) return match;
    match.desired = desiredUserFor(record, user, version, undefined, { displayName });
    try {
      match.operations = diffUser(user, match.desired);
    } catch (error) {
      // e.g. a record that would leave the user without any name, which Slack refuses.
      match.refused = (error as Error).message.replace(/^diffUser: /, "");
    }
    return match;
  }
}
