import type { GroupRecord, UserRecord } from "./records.js";

/** Read access to the emulator's org, for tests. Records are live: do not mutate them. */
export interface EmulatorStore {
  /** Number of users (deactivated included). */
  readonly userCount: number;
  /** Number of groups. */
  readonly groupCount: number;
  /** Users in creation order. */
  users(): readonly UserRecord[];
  /** Groups in creation order. */
  groups(): readonly GroupRecord[];
  /** A user by id. */
  getUser(id: string): UserRecord | undefined;
  /** A user by `userName`, case-insensitive. */
  findUserByUserName(userName: string): UserRecord | undefined;
  /** A user by primary or secondary email, case-insensitive. */
  findUserByEmail(email: string): UserRecord | undefined;
  /**
   * A user by `externalId`. `externalId` need not be unique (Slack's rule is unknown): with several users holding
   * it, the first created.
   */
  findUserByExternalId(externalId: string): UserRecord | undefined;
  /** A group by id. */
  getGroup(id: string): GroupRecord | undefined;
  /** Ids of the groups a user belongs to, in group creation order. */
  groupsOf(userId: string): readonly string[];
}

/**
 * The in-memory org with its indexes (id, lower-cased userName, lower-cased emails, externalId, and user →
 * groups). Every lookup is O(1); users keep creation order in an array (Slack never deletes users), so a deep
 * page is a slice.
 */
export class MemoryStore implements EmulatorStore {
  #users: UserRecord[] = [];
  #byId = new Map<string, UserRecord>();
  #position = new Map<string, number>();
  #byUserName = new Map<string, UserRecord>();
  #byEmail = new Map<string, UserRecord>();
  /** externalId → ids of the users holding it (not unique). */
  #byExternalId = new Map<string, Set<string>>();
  #groups = new Map<string, GroupRecord>();
  #groupSeq = new Map<string, number>();
  #memberOf = new Map<string, Set<string>>();
  #deletedGroups = 0;

  get userCount(): number {
    return this.#users.length;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  users(): readonly UserRecord[] {
    return this.#users;
  }

  groups(): readonly GroupRecord[] {
    return [...this.#groups.values()];
  }

  getUser(id: string): UserRecord | undefined {
    return this.#byId.get(id);
  }

  findUserByUserName(userName: string): UserRecord | undefined {
    return this.#byUserName.get(userName.toLowerCase());
  }

  findUserByEmail(email: string): UserRecord | undefined {
    return this.#byEmail.get(email.toLowerCase());
  }

  findUserByExternalId(externalId: string): UserRecord | undefined {
    const ids = this.#byExternalId.get(externalId);
    if (!ids) return undefined;
    let first: string | undefined;
    for (const id of ids) {
      if (first === undefined || (this.#position.get(id) ?? 0) < (this.#position.get(first) ?? 0)) first = id;
    }
    return first === undefined ? undefined : this.#byId.get(first);
  }

  getGroup(id: string): GroupRecord | undefined {
    return this.#groups.get(id);
  }

  groupsOf(userId: string): readonly string[] {
    const set = this.#memberOf.get(userId);
    if (!set || set.size === 0) return [];
    if (set.size === 1) return [...set];
    // Keep group creation order whatever order memberships were added in.
    const seq = this.#groupSeq;
    return [...set].sort((a, b) => (seq.get(a) ?? 0) - (seq.get(b) ?? 0));
  }

  /** A user's 0-based position in creation order (-1 when unknown). */
  positionOf(id: string): number {
    return this.#position.get(id) ?? -1;
  }

  /** Inserts or replaces a user, keeping every index in step. */
  putUser(user: UserRecord): void {
    const old = this.#byId.get(user.id);
    if (old) {
      this.#unindexUser(old);
      this.#users[this.#position.get(user.id) ?? 0] = user;
    } else {
      this.#position.set(user.id, this.#users.length);
      this.#users.push(user);
    }
    this.#byId.set(user.id, user);
    this.#indexUser(user);
  }

  /** Inserts or replaces a group, keeping the membership index in step. */
  putGroup(group: GroupRecord): void {
    const old = this.#groups.get(group.id);
    if (old) this.#unindexMembers(old);
    else this.#groupSeq.set(group.id, this.#groupSeq.size + this.#deletedGroups);
    this.#groups.set(group.id, group);
    for (const member of group.members) {
      let set = this.#memberOf.get(member);
      if (!set) {
        set = new Set();
        this.#memberOf.set(member, set);
      }
      set.add(group.id);
    }
  }

  /** Removes a group for good. */
  deleteGroup(id: string): void {
    const old = this.#groups.get(id);
    if (!old) return;
    this.#unindexMembers(old);
    this.#groups.delete(id);
    this.#groupSeq.delete(id);
    this.#deletedGroups++;
  }

  /** Forgets everything. */
  clear(): void {
    this.#users = [];
    this.#byId.clear();
    this.#position.clear();
    this.#byUserName.clear();
    this.#byEmail.clear();
    this.#byExternalId.clear();
    this.#groups.clear();
    this.#groupSeq.clear();
    this.#deletedGroups = 0;
    this.#memberOf.clear();
  }

  #indexUser(user: UserRecord): void {
    this.#byUserName.set(user.userName.toLowerCase(), user);
    this.#byEmail.set(user.primaryEmail.toLowerCase(), user);
    if (user.secondaryEmail) this.#byEmail.set(user.secondaryEmail.toLowerCase(), user);
    if (user.externalId !== "") {
      let ids = this.#byExternalId.get(user.externalId);
      if (!ids) {
        ids = new Set();
        this.#byExternalId.set(user.externalId, ids);
      }
      ids.add(user.id);
    }
  }

  #unindexUser(user: UserRecord): void {
    this.#byUserName.delete(user.userName.toLowerCase());
    this.#byEmail.delete(user.primaryEmail.toLowerCase());
    if (user.secondaryEmail) this.#byEmail.delete(user.secondaryEmail.toLowerCase());
    const ids = user.externalId === "" ? undefined : this.#byExternalId.get(user.externalId);
    if (ids) {
      ids.delete(user.id);
      if (ids.size === 0) this.#byExternalId.delete(user.externalId);
    }
  }

  #unindexMembers(group: GroupRecord): void {
    for (const member of group.members) this.#memberOf.get(member)?.delete(group.id);
  }
}
