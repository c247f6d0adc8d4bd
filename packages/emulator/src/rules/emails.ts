import { badRequest, multiplePrimaryError } from "../errors.js";
import { isObject, type JSONObject, truthy } from "../json.js";
import type { UserRecord } from "../store/records.js";
import type { AttributeRule, ClearTarget, SetTarget } from "./rule.js";
import { noTarget, type Slot, selectSlots } from "./slots.js";
import { assertOnePrimary, entriesOf } from "./values.js";

/**
 * Slack keeps two email addresses per user: a primary (required) and one secondary. A request's list is reduced
 * to those two; a third address is not stored.
 */

type EmailSlot = "primary" | "secondary";

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks one email address's shape. */
export function checkEmail(value: unknown): string {
  if (typeof value !== "string") throw badRequest("emails_invalid");
  const email = value.trim();
  if (!emailPattern.test(email)) throw badRequest("bad_email_address");
  return email;
}

/** Whether two addresses are the same (case-insensitive). */
export function sameEmail(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

/**
 * Slack's choice of primary and secondary email from a request list: the `primary: true` entry, else the
 * `type: "work"` entry, else the first; the next one is the secondary.
 */
export function pickEmails(value: unknown): { primary: string; secondary: string | null } {
  if (value === undefined || value === null) throw badRequest("email_empty");
  const entries = entriesOf(value, "emails_invalid");
  if (entries.length === 0) throw badRequest("email_empty");
  assertOnePrimary(entries);
  const first =
    entries.find((e) => truthy(e["primary"])) ??
    entries.find((e) => String(e["type"] ?? "").toLowerCase() === "work") ??
    entries[0];
  const second = entries.find((e) => e !== first);
  const primary = checkEmail(first?.["value"]);
  const secondary = second === undefined ? null : checkEmail(second["value"]);
  // An address sent twice (in any case) is stored once.
  return { primary, secondary: sameEmail(secondary, primary) ? null : secondary };
}

function slots(user: UserRecord): Slot<EmailSlot>[] {
  return [
    { key: "primary", value: user.primaryEmail, primary: true, work: true },
    { key: "secondary", value: user.secondaryEmail, primary: false, work: false },
  ];
}

/** A filtered path (`emails[primary eq false].value`): writes the selected slots; an unmatched `add` fills the secondary. */
function setSlots(user: UserRecord, value: unknown, at: SetTarget & { filter: object }): void {
  const found = selectSlots(slots(user), at.filter, false);
  if (found.length === 0 && at.op === "replace") throw noTarget("emails", at.filter);
  const raw =
    at.sub === "value" || typeof value === "string" ? value : isObject(value) ? value["value"] : value;
  const email = checkEmail(raw);
  for (const slot of found.length === 0 ? ["secondary"] : found) {
    if (slot === "primary") user.primaryEmail = email;
    else user.secondaryEmail = email;
  }
  // The secondary promoted to primary is no longer a secondary (a later operation of the same PATCH sees that).
  if (sameEmail(user.secondaryEmail, user.primaryEmail)) user.secondaryEmail = null;
}

/**
 * A 2.0 `add` or `replace` on plain `emails`: Slack merges the list into what is stored instead of replacing it
 * (observed): an entry flagged primary must be the current primary (otherwise Slack's "more than one primary"
 * error); another new address becomes the secondary.
 */
function merge(user: UserRecord, value: unknown): void {
  for (const entry of entriesOf(value, "emails_invalid")) {
    const email = checkEmail(entry["value"]);
    const current = sameEmail(email, user.primaryEmail);
    if (truthy(entry["primary"])) {
      if (!current) throw multiplePrimaryError();
    } else if (!current) user.secondaryEmail = email;
  }
}

/** The `emails` rule. */
export const emailsRule: AttributeRule = {
  required: true,
  set(user, value, at) {
    if (at.filter) setSlots(user, value, { ...at, filter: at.filter });
    else if (at.from === "operation") merge(user, value);
    else {
      // A resource's list: Slack's selection rule; the stored secondary stays when the list names only one.
      const picked = pickEmails(value);
      user.primaryEmail = picked.primary;
      if (picked.secondary !== null) user.secondaryEmail = picked.secondary;
    }
  },
  clear(user, at: ClearTarget) {
    // Plain `emails` removes only the secondary; the primary email cannot be removed.
    const found: EmailSlot[] = at.filter ? selectSlots(slots(user), at.filter, false) : ["secondary"];
    if (found.includes("primary")) throw badRequest("missing_primary_email");
    if (found.includes("secondary")) user.secondaryEmail = null;
  },
  entries: (value) => entriesOf(value, "emails_invalid"),
  deleteEntries(user, entries: readonly JSONObject[]) {
    // Deleting the primary leaves the user without one unless the same PATCH names a new one (checkUser decides).
    for (const entry of entries) {
      const email = String(entry["value"] ?? "");
      if (sameEmail(email, user.primaryEmail)) user.primaryEmail = "";
      else if (sameEmail(email, user.secondaryEmail)) user.secondaryEmail = null;
    }
  },
};
