import { valuePath } from "./builder.js";
import { isNullish, type OperationList } from "./diff-common.js";
import { isObject, type JsonObject, jsonEqual } from "./match.js";

/** Email entries that carry an address, in order. */
function emailEntries(list: unknown): JsonObject[] {
  return Array.isArray(list)
    ? list.filter((e): e is JsonObject => isObject(e) && typeof e["value"] === "string")
    : [];
}

/** Slack's two email slots: the `primary: true` entry (else the first) and the first other entry. */
export function emailSlots(list: unknown): { primary?: JsonObject; secondary?: JsonObject } {
  const entries = emailEntries(list);
  const primary = entries.find((e) => e["primary"] === true) ?? entries[0];
  const secondary = entries.find((e) => e !== primary);
  return { ...(primary && { primary }), ...(secondary && { secondary }) };
}

// `emails[primary eq …]` is only safe when exactly one entry carries that flag; otherwise address by value.
function selector(entries: JsonObject[], entry: JsonObject, flag: boolean): string {
  const flagged = entries.filter((e) => e["primary"] === flag);
  if (flagged.length === 1 && flagged[0] === entry) return `emails[primary eq ${flag}]`;
  return valuePath("emails", "value", entry["value"] as string);
}

/**
 * Emails as Slack stores them: a primary and a secondary, compared by address. The primary changes through
 * `emails[primary eq true].value` (never `replace` on the whole list, which Slack rejects); the secondary
 * through `emails[primary eq false]`. A swap removes the old secondary first so no address is ever held twice.
 */
export function diffEmails(out: OperationList, current: unknown, desired: unknown, clear: boolean): void {
  if (desired === undefined && !clear) return;
  const entries = emailEntries(current);
  const cur = emailSlots(current);
  const des = emailSlots(desired);
  const cp = cur.primary?.["value"];
  const cs = cur.secondary?.["value"];
  const dp = des.primary?.["value"];
  const ds = des.secondary?.["value"];
  // Slack cannot drop its primary email (`missing_primary_email`), so an empty desired list keeps it.
  const changePrimary = dp !== undefined && dp !== cp;
  const changeSecondary = ds !== cs;
  const swap = changePrimary && changeSecondary && (ds === cp || dp === cs);
  if (changeSecondary && cur.secondary !== undefined && (ds === undefined || swap)) {
    out.push("remove", selector(entries, cur.secondary, false));
  }
  if (changePrimary) {
    if (cur.primary === undefined) out.push("add", "emails", [{ value: dp, primary: true }]);
    else {
      const path = selector(entries, cur.primary, true);
      // Without a unique primary flag the entry is replaced whole and flagged, which SCIM 1.1 can also express.
      if (path.startsWith("emails[primary")) out.push("replace", `${path}.value`, dp);
      else out.push("replace", path, { value: dp, primary: true });
    }
  }
  if (changeSecondary && ds !== undefined) {
    const entry = { value: ds, primary: false };
    if (cur.secondary !== undefined && !swap)
      out.push("replace", selector(entries, cur.secondary, false), entry);
    else out.push("add", "emails", [entry]);
  }
}

function phoneEntries(list: unknown): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  if (!Array.isArray(list)) return map;
  // Entries with a null value are Slack's empty slots: nothing to compare.
  for (const e of list)
    if (isObject(e) && typeof e["value"] === "string" && !map.has(e["value"])) map.set(e["value"], e);
  return map;
}

const withoutValue = (entry: JsonObject): JsonObject => {
  const { value: _, ...rest } = entry;
  return rest;
};

/**
 * Phone numbers compared by value: a removed number is `remove phoneNumbers[value eq "…"]`, a number changed
 * in the same slot (same `type`/`primary`) or a changed slot is `replace phoneNumbers[value eq "old"]` with the
 * desired entry, and new numbers are one `add` with the desired entries as given.
 */
export function diffPhoneNumbers(
  out: OperationList,
  current: unknown,
  desired: unknown,
  clear: boolean,
): void {
  const cur = phoneEntries(current);
  if (isNullish(desired)) {
    if ((desired === null || clear) && cur.size > 0) out.push("remove", "phoneNumbers");
    return;
  }
  const des = phoneEntries(desired);
  const removed = [...cur.keys()].filter((v) => !des.has(v));
  const added = [...des.keys()].filter((v) => !cur.has(v));
  const renamed: [string, string][] = [];
  for (const oldValue of [...removed]) {
    const slot = withoutValue(cur.get(oldValue) as JsonObject);
    const match = added.find((v) => jsonEqual(withoutValue(des.get(v) as JsonObject), slot));
    if (match === undefined) continue;
    renamed.push([oldValue, match]);
    removed.splice(removed.indexOf(oldValue), 1);
    added.splice(added.indexOf(match), 1);
  }
  for (const v of removed) out.push("remove", valuePath("phoneNumbers", "value", v));
  // The whole entry rather than `.value`: it carries the slot's flags, so SCIM 1.1 can express it too.
  for (const [from, to] of renamed)
    out.push("replace", valuePath("phoneNumbers", "value", from), des.get(to));
  for (const [v, entry] of des) {
    if (cur.has(v) && !jsonEqual(cur.get(v), entry))
      out.push("replace", valuePath("phoneNumbers", "value", v), entry);
  }
  if (added.length > 0)
    out.push(
      "add",
      "phoneNumbers",
      added.map((v) => des.get(v)),
    );
}
