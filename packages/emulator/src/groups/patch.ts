import { badRequest } from "../errors.js";
import { checkValueFilter, compareValues, matchFilter } from "../filter/match.js";
import { isObject, type JSONObject } from "../json.js";
import { patchOperations } from "../patch/operations.js";
import { parsePath } from "../patch/path.js";
import { requireSchemas } from "../rules/body.js";
import type { EmulatorStore } from "../store/memory-store.js";
import type { GroupRecord } from "../store/records.js";
import { addMembers, checkedMemberIds, groupName, memberEntries } from "./members.js";

const memberAttributes = new Set(["value"]);

/**
 * SCIM 1.1 group PATCH: a partial group. Members default to "add"; `"operation": "delete"` removes one;
 * `meta.attributes: ["members"]` clears the list first; `displayName` renames.
 */
export function patchGroupV1(group: GroupRecord, body: JSONObject, store: EmulatorStore): void {
  requireSchemas(body);
  const meta = body["meta"];
  if (isObject(meta) && Array.isArray(meta["attributes"])) {
    for (const attr of meta["attributes"]) if (String(attr).toLowerCase() === "members") group.members = [];
  }
  if (body["displayName"] !== undefined) group.displayName = groupName(body["displayName"]);
  if (body["members"] !== undefined) {
    const entries = memberEntries(body["members"]);
    const removed = new Set(
      entries.filter((e) => String(e["operation"] ?? "").toLowerCase() === "delete").map((e) => e["value"]),
    );
    group.members = group.members.filter((id) => !removed.has(id));
    const added = entries.filter((e) => String(e["operation"] ?? "").toLowerCase() !== "delete");
    group.members = addMembers(group.members, checkedMemberIds(added, store));
  }
}

/**
 * SCIM 2.0 group PatchOp: `replace`/`add` on `members` or `displayName`, `remove` on `members` (all, or with a
 * value list only the listed members unless `removeWithValue` is `"all"`), `members[value eq "W…"]` (quoted or
 * not; any RFC 7644 filter on `value`), and path-less objects.
 */
export function patchGroupV2(
  group: GroupRecord,
  body: unknown,
  store: EmulatorStore,
  removeWithValue: "listed" | "all" = "listed",
): void {
  for (const op of patchOperations(body)) {
    if (op.path === undefined) {
      if (op.op === "remove" || !isObject(op.value)) throw badRequest("invalid_request_payload");
      for (const [key, value] of Object.entries(op.value)) {
        if (key === "schemas" || key === "id" || key === "meta") continue;
        setGroupAttribute(group, key.toLowerCase(), op.op, value, store);
      }
      continue;
    }
    const path = parsePath(op.path);
    if (path.ext || path.sub) throw badRequest("invalid_request_payload");
    if (op.op !== "remove") {
      if (path.filter) throw badRequest("invalid_request_payload");
      setGroupAttribute(group, path.attr, op.op, op.value, store);
    } else if (path.attr === "members") {
      if (path.filter) {
        const filter = checkValueFilter(path.filter, memberAttributes);
        // Members are matched on their id (case-exact), with any RFC 7644 operator.
        const test = (id: string) =>
          matchFilter(filter, (_attr, op, expected) => compareValues(op, id, expected, true));
        group.members = group.members.filter((id) => !test(id));
      } else if (op.value === undefined || op.value === null) {
        group.members = [];
      } else {
        const listed = new Set(memberEntries(op.value).map((e) => e["value"]));
        group.members = removeWithValue === "all" ? [] : group.members.filter((m) => !listed.has(m));
      }
    } else {
      // Only members can be removed: a group keeps its displayName.
      throw badRequest("invalid_request_payload");
    }
  }
}

function setGroupAttribute(
  group: GroupRecord,
  attr: string,
  op: "add" | "replace",
  value: unknown,
  store: EmulatorStore,
): void {
  if (attr === "displayname") {
    group.displayName = groupName(value);
  } else if (attr === "members") {
    const ids = checkedMemberIds(memberEntries(value), store);
    group.members = op === "replace" ? addMembers([], ids) : addMembers(group.members, ids);
  } else {
    throw badRequest("invalid_request_payload");
  }
}
