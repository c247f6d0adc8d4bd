import { isObject, type JsonObject } from "../core/json.js";
import { valuePath } from "./builder.js";
import { isNullish, type OperationList } from "./diff-common.js";

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
 * Names the unchanged primary in the request. SCIM 1.1 picks the primary from the entries sent (`primary: true`,
 * else `type: "work"`, else the first), so a secondary sent alone would become the primary; on 2.0 this
 * `replace` of the primary with its own address changes nothing.
 */
function restatePrimary(out: OperationList, entries: JsonObject[], primary: JsonObject): void {
  const path = selector(entries, primary, true);
  if (path.startsWith("emails[primary")) out.push("replace", `${path}.value`, primary["value"]);
  else out.push("replace", path, { value: primary["value"], primary: true });
}

/**
 * Emails as Slack stores them: a primary and a secondary, compared by address. The primary changes through
 * `emails[primary eq true].value` (never `replace` on the whole list, which Slack rejects); the secondary
 * through `emails[primary eq false]`. A swap removes the old secondary first so no address is ever held twice.
 * Whenever an email is set, the request also names the primary (the changed one, or the current one restated),
 * so the operations mean the same on SCIM 1.1.
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
    if (!changePrimary && cur.primary !== undefined) restatePrimary(out, entries, cur.primary);
    const entry = { value: ds, primary: false };
    if (cur.secondary !== undefined && !swap)
      out.push("replace", selector(entries, cur.secondary, false), entry);
    else out.push("add", "emails", [entry]);
  }
}

/** Slack's two phone slots as a read shows them; `undefined` for an empty slot. */
export interface PhoneSlots {
  primary?: string;
  mobile?: string;
}

const truthy = (v: unknown): boolean => v === true || (typeof v === "string" && v.toLowerCase() === "true");
const phoneValue = (e: JsonObject): string | undefined => {
  const v = e["value"];
  const s = typeof v === "number" ? String(v) : v;
  return typeof s === "string" && s.trim() !== "" ? s.trim() : undefined;
};

/**
 * Reads phone entries in response form (what `readUser` returns, and what `desired` is written in): the
 * `primary: true` entry is the primary phone, the first other `type: "mobile"` entry the mobile phone, and any
 * other entry fills a slot still free, primary first. A `null` or blank value is an empty slot; entries beyond
 * the two slots are ignored (Slack stores two).
 */
export function phoneSlots(list: unknown): PhoneSlots {
  const entries = Array.isArray(list) ? list.filter(isObject) : [];
  const primary = entries.find((e) => truthy(e["primary"]));
  const mobile = entries.find(
    (e) => e !== primary && !truthy(e["primary"]) && String(e["type"] ?? "").toLowerCase() === "mobile",
  );
  const slots: { primary?: string | undefined; mobile?: string | undefined } = {};
  let primaryTaken = primary !== undefined;
  let mobileTaken = mobile !== undefined;
  if (primary !== undefined) slots.primary = phoneValue(primary);
  if (mobile !== undefined) slots.mobile = phoneValue(mobile);
  for (const e of entries) {
    if (e === primary || e === mobile || phoneValue(e) === undefined) continue;
    if (!primaryTaken) {
      slots.primary = phoneValue(e);
      primaryTaken = true;
    } else if (!mobileTaken) {
      slots.mobile = phoneValue(e);
      mobileTaken = true;
    }
  }
  return {
    ...(slots.primary !== undefined && { primary: slots.primary }),
    ...(slots.mobile !== undefined && { mobile: slots.mobile }),
  };
}

/**
 * Phone numbers compared slot by slot (see {@link phoneSlots}) and sent in request form, where the meaning of
 * `type` is inverted (reference 4.4): the primary phone as `{ value, primary: true }`, the mobile phone as
 * `{ value, type: "work" }`, in one `add` on `phoneNumbers`, which sets the slots it names on both versions. A
 * cleared slot is `remove phoneNumbers[value eq "…"]`; both cleared (or one of two slots holding the same
 * number) is `remove phoneNumbers`, followed by the numbers to keep.
 */
export function diffPhoneNumbers(
  out: OperationList,
  current: unknown,
  desired: unknown,
  clear: boolean,
): void {
  if (desired === undefined && !clear) return;
  const cur = phoneSlots(current);
  const des = isNullish(desired) ? {} : phoneSlots(desired);
  const clearPrimary = cur.primary !== undefined && des.primary === undefined;
  const clearMobile = cur.mobile !== undefined && des.mobile === undefined;
  // A value filter cannot tell two slots holding one number apart, so such a removal clears both and re-adds.
  const removeAll =
    (clearPrimary && clearMobile) || ((clearPrimary || clearMobile) && cur.primary === cur.mobile);
  let after: PhoneSlots = cur;
  if (removeAll) {
    out.push("remove", "phoneNumbers");
    after = {};
  } else if (clearPrimary) {
    out.push("remove", valuePath("phoneNumbers", "value", cur.primary as string));
    after = { ...(cur.mobile !== undefined && { mobile: cur.mobile }) };
  } else if (clearMobile) {
    out.push("remove", valuePath("phoneNumbers", "value", cur.mobile as string));
    after = { ...(cur.primary !== undefined && { primary: cur.primary }) };
  }
  const entries: JsonObject[] = [];
  if (des.primary !== undefined && des.primary !== after.primary)
    entries.push({ value: des.primary, primary: true });
  if (des.mobile !== undefined && des.mobile !== after.mobile)
    entries.push({ value: des.mobile, type: "work" });
  if (entries.length > 0) out.push("add", "phoneNumbers", entries);
}
