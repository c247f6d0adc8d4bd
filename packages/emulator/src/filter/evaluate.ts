import type { MemoryStore } from "../store/memory-store.js";
import type { GroupRecord, UserRecord } from "../store/records.js";
import type { CheckedFilter } from "./parse.js";

function flag(value: string | number | boolean | null): boolean {
  return value === true || value === 1 || value === "1" || (typeof value === "string" && value === "true");
}

function compare(op: string, actual: string | number, expected: string | number): boolean {
  switch (op) {
    case "eq":
      return actual === expected;
    case "co":
      return String(actual).includes(String(expected));
    case "sw":
      return String(actual).startsWith(String(expected));
    case "gt":
      return actual > expected;
    case "ge":
      return actual >= expected;
    case "lt":
      return actual < expected;
    default:
      // "le": the parser lets no other operator through.
      return actual <= expected;
  }
}

function text(value: string | number | boolean | null): string {
  return value === null ? "" : String(value).toLowerCase();
}

/** Whether a user matches; userName and email compare case-insensitively; `restricted eq 1` reads as a flag. */
export function matchesUser(u: UserRecord, f: CheckedFilter): boolean {
  if ("filters" in f) {
    return f.op === "and"
      ? f.filters.every((x) => matchesUser(u, x))
      : f.filters.some((x) => matchesUser(u, x));
  }
  if (f.attr === "restricted" || f.attr === "ultra_restricted") {
    const actual = f.attr === "restricted" ? u.guest !== null : u.ultraRestricted === true;
    if (f.op === "pr") return true;
    return compare(f.op, actual ? 1 : 0, flag(f.value) ? 1 : 0);
  }
  if (f.op === "pr") return true;
  const expected = text(f.value);
  if (f.attr === "userName") return compare(f.op, u.userName, expected);
  return (
    compare(f.op, u.primaryEmail.toLowerCase(), expected) ||
    (u.secondaryEmail !== null && compare(f.op, u.secondaryEmail.toLowerCase(), expected))
  );
}

/** Whether a group matches (`displayName`, case-insensitive). */
export function matchesGroup(g: GroupRecord, f: CheckedFilter): boolean {
  if ("filters" in f) {
    return f.op === "and"
      ? f.filters.every((x) => matchesGroup(g, x))
      : f.filters.some((x) => matchesGroup(g, x));
  }
  if (f.op === "pr") return true;
  return compare(f.op, g.displayName.toLowerCase(), text(f.value));
}

/**
 * Users matching a filter, in creation order. An `eq` on userName or email (alone, or inside an `and`) is
 * answered from the indexes; anything else scans.
 */
export function searchUsers(store: MemoryStore, f: CheckedFilter | undefined): readonly UserRecord[] {
  if (!f) return store.users();
  const seed = indexed(store, f);
  if (seed) return seed.filter((u) => matchesUser(u, f));
  return store.users().filter((u) => matchesUser(u, f));
}

function indexed(store: MemoryStore, f: CheckedFilter): UserRecord[] | undefined {
  if (f.op === "eq" && (f.attr === "userName" || f.attr === "email")) {
    const key = text(f.value);
    const hit = f.attr === "userName" ? store.findUserByUserName(key) : store.findUserByEmail(key);
    return hit ? [hit] : [];
  }
  if (f.op === "and") {
    for (const child of f.filters) {
      const hit = indexed(store, child);
      if (hit) return hit;
    }
  }
  if (f.op === "or") {
    const parts = f.filters.map((child) => indexed(store, child));
    if (parts.every((p) => p !== undefined)) {
      const seen = new Set<UserRecord>(parts.flat());
      return store.users().length < seen.size * 4 ? undefined : [...seen].sort(byCreation(store));
    }
  }
  return undefined;
}

function byCreation(store: MemoryStore) {
  return (a: UserRecord, b: UserRecord) => store.positionOf(a.id) - store.positionOf(b.id);
}
