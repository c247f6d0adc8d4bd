import type { JSONObject } from "../json.js";
import { isObject } from "../json.js";
import { parsePath } from "../patch/path.js";
import { requireSchemas } from "../rules/body.js";
import { attributeRules, isDelete } from "../rules/table.js";
import type { UserRecord } from "../store/records.js";
import { bodyAttributes, clearPath, setTarget, type WriteContext } from "./apply.js";

/**
 * Applies a SCIM 1.1 PATCH (a partial resource) to `user` in place: each `meta.attributes` path is cleared first,
 * then every attribute sent is set, in the table's order. Multi-valued entries with `"operation": "delete"`
 * remove the value they name; attributes Slack does not know are ignored. The caller then runs `checkUser`.
 */
export function patchUserV1(user: UserRecord, body: JSONObject, ctx: WriteContext): void {
  requireSchemas(body);
  const meta = body["meta"];
  if (isObject(meta) && Array.isArray(meta["attributes"])) {
    for (const path of meta["attributes"]) {
      if (typeof path === "string") clearPath(user, parsePath(path), false);
    }
  }
  const values = bodyAttributes(body);
  const at = setTarget("resource", "replace", new Set(values.keys()), ctx);
  for (const [key, rule] of attributeRules) {
    const value = values.get(key);
    if (value === undefined) continue;
    if (!rule.entries || !rule.deleteEntries) {
      rule.set(user, value, at);
      continue;
    }
    const entries = rule.entries(value);
    const deletes = entries.filter(isDelete);
    if (deletes.length > 0) rule.deleteEntries(user, deletes);
    const adds = entries.filter((e) => !isDelete(e));
    if (adds.length > 0) rule.set(user, adds, at);
  }
}
