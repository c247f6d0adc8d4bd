import { isObject } from "../core/json.js";
import type { Group } from "../models/group.js";
import { valuePath } from "./builder.js";
import { diffValue, OperationList } from "./diff-common.js";
import type { PatchOperation } from "./operation.js";

/** Options of {@link diffGroup}. */
export interface DiffGroupOptions {
  /**
   * How removed members are expressed: `"filter"` sends one `remove` on `members[value eq "W…"]` per member (the
   * RFC 7644 form, translatable to 1.1); `"list"` sends a single `remove` on `members` with a `value` list (what
   * Slack's Java SDK sends; whether Slack removes only the listed members is not documented).
   * @defaultValue `"filter"`
   */
  memberRemoval?: "filter" | "list";
}

function memberIds(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  const ids = members.map((m) => (isObject(m) ? m["value"] : undefined)).filter((v) => typeof v === "string");
  return [...new Set(ids)];
}

/**
 * The minimal SCIM 2.0 operations that turn group `current` into `desired`: a rename is `replace` on
 * `displayName`; members are diffed by id, adding only the new ones (one `add` on `members`) and removing only
 * those gone. `desired.members` left out (`undefined`) leaves membership alone; `[]` removes every member, one
 * by one, never with a wholesale `remove` on `members`.
 *
 * @example
 * ```ts
 * const ops = diffGroup(group, { displayName: "analytics", members: [{ value: "W1" }, { value: "W2" }] });
 * // [{ op: "remove", path: 'members[value eq "W3"]' }, { op: "add", path: "members", value: [{ value: "W2" }] }]
 * ```
 */
export function diffGroup(current: Group, desired: Group, options: DiffGroupOptions = {}): PatchOperation[] {
  const out = new OperationList();
  diffValue(
    out,
    { set: "displayName", remove: "displayName" },
    current.displayName,
    desired.displayName,
    false,
  );
  if (desired.members !== undefined) {
    const before = memberIds(current.members);
    const after = memberIds(desired.members);
    const afterSet = new Set(after);
    const beforeSet = new Set(before);
    const removed = before.filter((id) => !afterSet.has(id));
    const added = after.filter((id) => !beforeSet.has(id));
    if (removed.length > 0 && options.memberRemoval === "list") {
      out.push(
        "remove",
        "members",
        removed.map((value) => ({ value })),
      );
    } else {
      for (const id of removed) out.push("remove", valuePath("members", "value", id));
    }
    if (added.length > 0)
      out.push(
        "add",
        "members",
        added.map((value) => ({ value })),
      );
  }
  return out.operations;
}
