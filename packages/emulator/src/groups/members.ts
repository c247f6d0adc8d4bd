import { badRequest, EmulatorHTTPError } from "../errors.js";
import { isObject, type JSONObject } from "../json.js";
import type { EmulatorStore } from "../store/memory-store.js";

/** Slack refuses more than this many users in one group request (`too_many_users`). */
export const maxUsersPerRequest = 15_000;

/** Member entries of a request (`[{value}]`, a single object, or plain id strings). */
export function memberEntries(value: unknown): JSONObject[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length > maxUsersPerRequest) throw badRequest("too_many_users");
  return list.map((entry) => {
    if (typeof entry === "string") return { value: entry };
    if (!isObject(entry) || typeof entry["value"] !== "string") throw badRequest("invalid_attribute_format");
    return entry;
  });
}

/**
 * The user ids of member entries, checked as Slack does: every id must exist (`no_such_group_members`) and be
 * active (`unable_to_add_deleted_or_guest_to_group`).
 */
export function checkedMemberIds(entries: readonly JSONObject[], store: EmulatorStore): string[] {
  const ids: string[] = [];
  for (const entry of entries) {
    const id = entry["value"] as string;
    const user = store.getUser(id);
    if (!user) throw new EmulatorHTTPError(400, "no_such_group_members", { suffix: `user=${id}` });
    if (!user.active) throw new EmulatorHTTPError(400, "unable_to_add_deleted_or_guest_to_group");
    ids.push(id);
  }
  return ids;
}

/** Appends ids not yet present, keeping order. */
export function addMembers(members: string[], ids: readonly string[]): string[] {
  const seen = new Set(members);
  const out = [...members];
  for (const id of ids) {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}

/** A group's `displayName`: required, a non-blank string. */
export function groupName(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw badRequest("invalid_request_payload");
  return value;
}
