import { badRequest } from "../errors.js";
import { isObject, type JSONObject, truthy } from "../json.js";
import type { UserRecord } from "../store/records.js";
import type { AttributeRule, SetTarget } from "./rule.js";
import { noTarget, type Slot, selectSlots } from "./slots.js";
import { assertOnePrimary, entriesOf } from "./values.js";

/**
 * Slack keeps two phone numbers per user: a primary and a mobile one. In requests, `primary: true` and
 * `type: "mobile"` target the primary slot and `type: "work"` the mobile slot; answers show
 * `{value: <mobile>, type: "mobile"}` then `{value: <primary>, primary: true}`.
 */

type PhoneSlot = "primary" | "mobile";

function phoneValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" && typeof value !== "number") throw badRequest("phoneNumbers_invalid");
  const s = String(value).trim();
  return s === "" ? null : s;
}

/**
 * Slack's two phone slots from request entries: `primary: true` and `type: "mobile"` target the primary phone,
 * `type: "work"` the mobile phone; entries without either fill the primary, then the mobile slot.
 */
export function pickPhones(value: unknown): { primary?: string | null; mobile?: string | null } {
  const entries = entriesOf(value, "phoneNumbers_invalid");
  assertOnePrimary(entries);
  const slots: { primary?: string | null; mobile?: string | null } = {};
  const explicit = entries.find((e) => truthy(e["primary"]));
  if (explicit) slots.primary = phoneValue(explicit["value"]);
  const loose: JSONObject[] = [];
  for (const entry of entries) {
    if (entry === explicit) continue;
    const type = String(entry["type"] ?? "").toLowerCase();
    const number = phoneValue(entry["value"]);
    const flagged = entry["primary"] !== undefined;
    // An explicit primary wins the primary slot, so a response's pair sent back (read, modify, PUT) is stable.
    if (!flagged && type === "mobile" && slots.primary === undefined) slots.primary = number;
    else if (!flagged && (type === "work" || type === "mobile") && slots.mobile === undefined)
      slots.mobile = number;
    else loose.push(entry);
  }
  for (const entry of loose) {
    const number = phoneValue(entry["value"]);
    if (slots.primary === undefined) slots.primary = number;
    else if (slots.mobile === undefined) slots.mobile = number;
  }
  return slots;
}

function slots(user: UserRecord): Slot<PhoneSlot>[] {
  return [
    { key: "primary", value: user.primaryPhone, primary: true, work: false },
    { key: "mobile", value: user.mobilePhone, primary: false, work: true },
  ];
}

/** A filtered path (`phoneNumbers[value eq "+1 2"].value`); an unmatched `add` fills the primary slot. */
function setSlots(user: UserRecord, value: unknown, at: SetTarget & { filter: object }): void {
  const found = selectSlots(slots(user), at.filter, true);
  if (found.length === 0 && at.op === "replace") throw noTarget("phoneNumbers", at.filter);
  const raw = isObject(value) ? value["value"] : value;
  const number = raw === null || raw === undefined ? null : String(raw);
  for (const slot of found.length === 0 ? ["primary"] : found) {
    if (slot === "primary") user.primaryPhone = number;
    else user.mobilePhone = number;
  }
}

/** The `phoneNumbers` rule. */
export const phonesRule: AttributeRule = {
  set(user, value, at) {
    if (at.filter) {
      setSlots(user, value, { ...at, filter: at.filter });
      return;
    }
    const picked = pickPhones(value);
    if (picked.primary !== undefined) user.primaryPhone = picked.primary;
    if (picked.mobile !== undefined) user.mobilePhone = picked.mobile;
  },
  clear(user, at) {
    // Plain `phoneNumbers` empties both slots.
    const found: PhoneSlot[] = at.filter ? selectSlots(slots(user), at.filter, true) : ["primary", "mobile"];
    if (found.includes("primary")) user.primaryPhone = null;
    if (found.includes("mobile")) user.mobilePhone = null;
  },
  entries: (value) => entriesOf(value, "phoneNumbers_invalid"),
  deleteEntries(user, entries) {
    for (const entry of entries) {
      const number = String(entry["value"] ?? "");
      if (user.primaryPhone === number) user.primaryPhone = null;
      if (user.mobilePhone === number) user.mobilePhone = null;
    }
  },
};
