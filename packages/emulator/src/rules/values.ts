import { badRequest, EmulatorHTTPError, multiplePrimaryError } from "../errors.js";
import { isObject, type JSONObject, truthy } from "../json.js";
import type { AddressRecord } from "../store/records.js";

/**
 * A boolean attribute (`active`): `true`/`false`, or the strings `"true"`/`"false"` in any case, as some IdPs send
 * them. Anything else, a missing value included, is 400 `invalid_attribute_format`.
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
