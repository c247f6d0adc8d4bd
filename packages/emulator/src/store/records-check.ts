import type { GroupRecord, UserRecord } from "./records.js";

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const userStrings = [
  "id",
  "externalId",
  "created",
  "userName",
  "givenName",
  "familyName",
  "displayName",
  "title",
  "timezone",
  "primaryEmail",
] as const;
const userNullableStrings = [
  "honorificPrefix",
  "secondaryEmail",
  "photo",
  "primaryPhone",
  "mobilePhone",
  "userType",
  "role",
  "preferredLanguage",
  "locale",
  "startDate",
] as const;
const userNullableObjects = ["address", "enterprise", "guest"] as const;
const userFlags = ["ultraRestricted", "admin", "primaryOwner"] as const;

/** What is wrong with a stored user, or `undefined`; a missing nullable field is read as `null`. */
export function userProblem(u: unknown): string | undefined {
  if (!isRecord(u)) return "a user that is not an object";
  const who = typeof u["id"] === "string" ? `user ${u["id"]}` : "user";
  for (const key of userStrings) if (typeof u[key] !== "string") return `${who}: ${key} is not a string`;
  if (typeof u["active"] !== "boolean") return `${who}: active is not a boolean`;
  for (const key of userNullableStrings) {
    if (u[key] === undefined) u[key] = null;
    else if (u[key] !== null && typeof u[key] !== "string") return `${who}: ${key} is not a string or null`;
  }
  for (const key of userNullableObjects) {
    if (u[key] === undefined) u[key] = null;
    else if (u[key] !== null && !isRecord(u[key])) return `${who}: ${key} is not an object or null`;
  }
  for (const key of userFlags) {
    if (u[key] !== undefined && typeof u[key] !== "boolean") return `${who}: ${key} is not a boolean`;
  }
  return undefined;
}

/** What is wrong with a stored group, or `undefined`. */
export function groupProblem(g: unknown): string | undefined {
  if (!isRecord(g)) return "a group that is not an object";
  const who = typeof g["id"] === "string" ? `group ${g["id"]}` : "group";
  for (const key of ["id", "displayName", "created"]) {
    if (typeof g[key] !== "string") return `${who}: ${key} is not a string`;
  }
  const members = g["members"];
  if (!Array.isArray(members) || !members.every((m) => typeof m === "string")) {
    return `${who}: members is not a list of ids`;
  }
  return undefined;
}

/** The org a journal replays to, with the line each live record was last written on (for error messages). */
export interface ReplayState {
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  /** Record id → the journal line that last wrote it. */
  lineOf: Map<string, number>;
}

/**
 * Applies one journal entry (`u`, `g`, `dg`, `clear`, or the clean-close mark `end`) to the replay; returns what
 * is wrong with it instead when it is not a valid entry.
 */
export function applyEntry(
  replay: ReplayState,
  entry: Record<string, unknown>,
  line: number,
): string | undefined {
  if ("u" in entry) {
    const problem = userProblem(entry["u"]);
    if (problem !== undefined) return problem;
    const user = entry["u"] as unknown as UserRecord;
    replay.users.set(user.id, user);
    replay.lineOf.set(user.id, line);
  } else if ("g" in entry) {
    const problem = groupProblem(entry["g"]);
    if (problem !== undefined) return problem;
    const group = entry["g"] as unknown as GroupRecord;
    replay.groups.set(group.id, group);
    replay.lineOf.set(group.id, line);
  } else if (typeof entry["dg"] === "string") replay.groups.delete(entry["dg"]);
  else if (entry["clear"] === true) {
    replay.users.clear();
    replay.groups.clear();
  } else if (entry["end"] !== true) return "unknown entry";
  return undefined;
}

/**
 * The store's invariants over a replayed org: no two users share a `userName` or an email (case-insensitive,
 * deactivated users included), as the API refuses with 409. Returns the first breach, naming both users and the
 * lines that wrote them, or `undefined`.
 */
export function invariantProblem(replay: ReplayState): string | undefined {
  const userNames = new Map<string, UserRecord>();
  const emails = new Map<string, UserRecord>();
  const where = (u: UserRecord) => `${u.id} (line ${replay.lineOf.get(u.id) ?? "?"})`;
  for (const user of replay.users.values()) {
    const name = user.userName.toLowerCase();
    const other = userNames.get(name);
    if (other) return `users ${where(other)} and ${where(user)} share the userName "${user.userName}"`;
    userNames.set(name, user);
    for (const email of [user.primaryEmail, user.secondaryEmail]) {
      if (email === null) continue;
      const key = email.toLowerCase();
      const holder = emails.get(key);
      if (holder && holder !== user)
        return `users ${where(holder)} and ${where(user)} share the email "${email}"`;
      emails.set(key, user);
    }
  }
  return undefined;
}
