import { badRequest, EmulatorHTTPError, multiplePrimaryError } from "../errors.js";
import { isObject, type JSONObject, truthy } from "../json.js";
import type { AddressRecord } from "../store/records.js";

/**
 * A boolean attribute (`active`): `true`/`false`, or the strings `"true"`/`"false"` in any case, as some IdPs send
 * them (docs/behaviour.md, Extensions). Anything else, a missing value included, is 400 `invalid_attribute_format`.
 */
export function booleanAttribute(value: unknown, name: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new EmulatorHTTPError(400, "invalid_attribute_format", {
    message: `invalid_attribute_format (${name} must be true or false)`,
  });
}

/** A multi-valued attribute given as one object or an array, as a list of objects. */
export function entriesOf(value: unknown, code: string): JSONObject[] {
  const list = Array.isArray(value) ? value : [value];
  for (const entry of list) if (!isObject(entry)) throw badRequest(code);
  return list as JSONObject[];
}

/** Rejects a list with more than one `primary: true` entry (Slack's 2.0 sentence). */
export function assertOnePrimary(entries: readonly JSONObject[]): void {
  if (entries.filter((e) => truthy(e["primary"])).length > 1) throw multiplePrimaryError();
}

/** A string attribute, `null`, or a 400 `invalid_attribute_format`. Blank (whitespace-only) becomes `""`. */
export function stringOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") throw badRequest("invalid_attribute_format");
  return value.trim() === "" ? "" : value;
}

/** A custom-profile string: blank or null clears it (`null`). */
export function profileValue(value: unknown): string | null {
  const s = stringOrNull(value);
  return s === "" ? null : s;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks one email address's shape. */
export function checkEmail(value: unknown): string {
  if (typeof value !== "string") throw badRequest("emails_invalid");
  const email = value.trim();
  if (!emailPattern.test(email)) throw badRequest("bad_email_address");
  return email;
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
  const rest = entries.filter((e) => e !== first);
  const primary = checkEmail(first?.["value"]);
  const second = rest[0];
  const secondary = second === undefined ? null : checkEmail(second["value"]);
  return { primary, secondary: secondary?.toLowerCase() === primary.toLowerCase() ? null : secondary };
}

/**
 * Slack's two phone slots from request entries (docs/behaviour.md): `primary: true` and `type: "mobile"` target the
 * primary phone, `type: "work"` the mobile phone; entries without either fill the primary, then the mobile slot.
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

function phoneValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" && typeof value !== "number") throw badRequest("phoneNumbers_invalid");
  const s = String(value).trim();
  return s === "" ? null : s;
}

const addressKeys = ["streetAddress", "locality", "region", "postalCode", "country"] as const;

/** The one stored address: the `primary: true` entry or the first; only the five standard members. */
export function pickAddress(value: unknown): AddressRecord | null {
  const entries = entriesOf(value, "addresses_invalid");
  assertOnePrimary(entries);
  const entry = entries.find((e) => truthy(e["primary"])) ?? entries[0];
  if (!entry) return null;
  return addressFrom(entry);
}

/** The five members of an address object (missing ones `null`). */
export function addressFrom(entry: JSONObject, base?: AddressRecord | null): AddressRecord {
  const out: AddressRecord = base
    ? { ...base }
    : { streetAddress: null, locality: null, region: null, postalCode: null, country: null };
  for (const key of addressKeys) {
    if (key in entry) {
      const v = entry[key];
      if (v !== null && typeof v !== "string") throw badRequest("addresses_invalid");
      out[key] = v === null || v.trim() === "" ? null : v;
    }
  }
  return out;
}

/** True when every one of the five members matches (1.1 address delete). */
export function sameAddress(a: AddressRecord | null, entry: JSONObject): boolean {
  if (!a) return false;
  return addressKeys.every((k) => (entry[k] ?? null) === a[k]);
}

/** The one stored role: objects or plain strings; the `primary` entry or the first. */
export function pickRole(value: unknown): string | null {
  const list = Array.isArray(value) ? value : [value];
  const entries = list.map((v) => (typeof v === "string" ? { value: v } : v));
  for (const e of entries) if (!isObject(e)) throw badRequest("roles_invalid");
  assertOnePrimary(entries as JSONObject[]);
  const entry = (entries as JSONObject[]).find((e) => truthy(e["primary"])) ?? (entries as JSONObject[])[0];
  if (!entry) return null;
  const v = entry["value"];
  if (v !== null && v !== undefined && typeof v !== "string") throw badRequest("roles_invalid");
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/** The one stored photo: the `primary: true` entry or the first; an https or `data:` URL. */
export function pickPhoto(value: unknown): string | null {
  const entries = entriesOf(value, "photos_invalid");
  assertOnePrimary(entries);
  const entry = entries.find((e) => truthy(e["primary"])) ?? entries[0];
  if (!entry) return null;
  const v = entry["value"];
  if (typeof v !== "string" || !/^(https?:|data:image\/)/i.test(v)) throw badRequest("photos_invalid");
  return v;
}
