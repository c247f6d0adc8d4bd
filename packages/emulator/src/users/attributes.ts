import { badRequest, EmulatorHTTPError, multiplePrimaryError } from "../errors.js";
import { isObject, truthy } from "../json.js";
import type { PatchPath, ValueFilter } from "../patch/path.js";
import type { UserRecord } from "../store/records.js";
import { defaultTimezone } from "./build.js";
import { mergeEnterprise, parseGuest, parseProfile } from "./extensions.js";
import { checkDisplayName, normalizeUserName } from "./names.js";
import {
  addressFrom,
  booleanAttribute,
  checkEmail,
  entriesOf,
  pickAddress,
  pickPhones,
  pickPhoto,
  pickRole,
  profileValue,
  stringOrNull,
} from "./slots.js";

/** What attribute updates need from the org. */
export interface AttributeContext {
  resolveManager(ref: string): string;
}

type ProfileKey = "userType" | "preferredLanguage" | "locale";
const profileKeys: Record<string, ProfileKey> = {
  usertype: "userType",
  preferredlanguage: "preferredLanguage",
  locale: "locale",
};
const ignored = new Set(["id", "meta", "schemas", "groups", "externalid", "profileurl"]);

type EmailSlot = "primary" | "secondary";

/**
 * RFC 7644 section 3.5.2: a `replace` whose value filter matches no value fails with `noTarget`; Slack has no such
 * code, so it is 400 `invalid_request_payload` naming it. A `remove` that matches nothing is a no-op (IdPs retry
 * removes; 1.1 `operation: delete` and group member removes behave the same).
 */
function noTarget(attr: string, f: ValueFilter): EmulatorHTTPError {
  return new EmulatorHTTPError(400, "invalid_request_payload", {
    message: `invalid_request_payload (noTarget: no ${attr} value matches [${f.attr} eq ${JSON.stringify(f.value)}])`,
  });
}
type PhoneSlot = "primary" | "mobile";

function emailSlot(user: UserRecord, f: ValueFilter): EmailSlot | undefined {
  if (f.attr === "primary") return f.value === true || f.value === "true" ? "primary" : "secondary";
  if (f.attr === "type") return String(f.value).toLowerCase() === "work" ? "primary" : "secondary";
  if (f.attr === "value") {
    const v = String(f.value).toLowerCase();
    if (user.primaryEmail.toLowerCase() === v) return "primary";
    if (user.secondaryEmail?.toLowerCase() === v) return "secondary";
    return undefined;
  }
  throw badRequest("invalid_request_payload");
}

// Request semantics (docs/behaviour.md, Phone slots): "mobile" and primary target the primary phone, "work" the mobile one.
function phoneSlot(user: UserRecord, f: ValueFilter): PhoneSlot | undefined {
  if (f.attr === "primary") return f.value === true || f.value === "true" ? "primary" : "mobile";
  if (f.attr === "type") return String(f.value).toLowerCase() === "work" ? "mobile" : "primary";
  if (f.attr === "value") {
    if (user.primaryPhone === f.value) return "primary";
    if (user.mobilePhone === f.value) return "mobile";
    return undefined;
  }
  throw badRequest("invalid_request_payload");
}

/**
 * Applies a SCIM 2.0 `add`/`replace` (or a 1.1 attribute) at `path` to `user` in place. `emails` without a
 * filter merges, as Slack does: a second primary fails with Slack's sentence.
 */
export function setAttribute(
  user: UserRecord,
  path: PatchPath,
  value: unknown,
  ctx: AttributeContext,
  op: "add" | "replace" = "add",
): void {
  if (path.ext) {
    setExtension(user, path, value, ctx);
    return;
  }
  const { attr, sub, filter } = path;
  if (ignored.has(attr)) return;
  switch (attr) {
    case "username":
    case "nickname":
      user.userName = normalizeUserName(value, attr === "nickname" ? "nickName" : "userName");
      return;
    case "displayname":
      user.displayName = checkDisplayName(stringOrNull(value) ?? "", user.userName);
      return;
    case "title":
      user.title = stringOrNull(value) ?? "";
      return;
    case "timezone":
      user.timezone = stringOrNull(value) || defaultTimezone;
      return;
    case "active":
      user.active = booleanAttribute(value, "active");
      return;
    case "password":
      throw badRequest("password_change_not_allowed");
    case "name":
      setName(user, sub, value);
      return;
    case "emails":
      setEmails(user, filter, sub, value, op);
      return;
    case "phonenumbers":
      setPhones(user, filter, value, op);
      return;
    case "photos":
      user.photo = pickPhoto(value);
      return;
    case "addresses":
      if (sub) {
        user.address = addressFrom({ [subKey(sub)]: value }, user.address);
      } else {
        user.address = pickAddress(value);
      }
      return;
    case "roles":
      user.role = pickRole(value);
      return;
  }
  const key = profileKeys[attr];
  if (key) {
    user[key] = profileValue(value);
    return;
  }
  throw badRequest("invalid_request_payload");
}

function subKey(sub: string): string {
  const keys = [
    "streetAddress",
    "locality",
    "region",
    "postalCode",
    "country",
    "givenName",
    "familyName",
    "honorificPrefix",
  ];
  return keys.find((k) => k.toLowerCase() === sub) ?? sub;
}

function setName(user: UserRecord, sub: string | undefined, value: unknown): void {
  const parts = sub ? { [subKey(sub)]: value } : value;
  if (!isObject(parts)) throw badRequest("invalid_attribute_format");
  if ("givenName" in parts) user.givenName = stringOrNull(parts["givenName"]) ?? "";
  if ("familyName" in parts) user.familyName = stringOrNull(parts["familyName"]) ?? "";
  if ("honorificPrefix" in parts) user.honorificPrefix = profileValue(parts["honorificPrefix"]);
}

function setEmails(
  user: UserRecord,
  filter: ValueFilter | undefined,
  sub: string | undefined,
  value: unknown,
  op: "add" | "replace",
) {
  if (filter) {
    const found = emailSlot(user, filter);
    if (found === undefined && op === "replace") throw noTarget("emails", filter);
    const slot = found ?? "secondary";
    const raw =
      sub === "value" || typeof value === "string" ? value : isObject(value) ? value["value"] : value;
    const email = checkEmail(raw);
    if (slot === "primary") user.primaryEmail = email;
    else user.secondaryEmail = email;
    // Slack keeps two distinct addresses: the secondary promoted to primary is no longer a secondary.
    if (user.secondaryEmail?.toLowerCase() === user.primaryEmail.toLowerCase()) user.secondaryEmail = null;
    return;
  }
  for (const entry of entriesOf(value, "emails_invalid")) {
    const email = checkEmail(entry["value"]);
    if (truthy(entry["primary"])) {
      if (email.toLowerCase() !== user.primaryEmail.toLowerCase()) throw multiplePrimaryError();
    } else if (email.toLowerCase() !== user.primaryEmail.toLowerCase()) {
      user.secondaryEmail = email;
    }
  }
}

function setPhones(user: UserRecord, filter: ValueFilter | undefined, value: unknown, op: "add" | "replace") {
  if (filter) {
    const found = phoneSlot(user, filter);
    if (found === undefined && op === "replace") throw noTarget("phoneNumbers", filter);
    const slot = found ?? "primary";
    const raw = isObject(value) ? value["value"] : value;
    const number = raw === null || raw === undefined ? null : String(raw);
    if (slot === "primary") user.primaryPhone = number;
    else user.mobilePhone = number;
    return;
  }
  const slots = pickPhones(value);
  if (slots.primary !== undefined) user.primaryPhone = slots.primary;
  if (slots.mobile !== undefined) user.mobilePhone = slots.mobile;
}

function setExtension(user: UserRecord, path: PatchPath, value: unknown, ctx: AttributeContext): void {
  const field = path.sub ? `${path.attr}.${path.sub}` : path.attr;
  if (path.ext === "enterprise") {
    if (field === "") user.enterprise = mergeEnterprise(value, user.enterprise, ctx.resolveManager);
    else if (field === "manager.managerid") {
      user.enterprise = mergeEnterprise(
        { manager: { managerId: value } },
        user.enterprise,
        ctx.resolveManager,
      );
    } else {
      const keys = ["employeeNumber", "costCenter", "organization", "division", "department", "manager"];
      const key = keys.find((k) => k.toLowerCase() === field);
      if (!key) throw badRequest("invalid_request_payload");
      user.enterprise = mergeEnterprise({ [key]: value }, user.enterprise, ctx.resolveManager);
    }
  } else if (path.ext === "guest") {
    const block = field === "" ? value : { [field === "expiration" ? "expiration" : "type"]: value };
    if (field !== "" && field !== "expiration" && field !== "type")
      throw badRequest("invalid_request_payload");
    const wasGuest = user.guest !== null;
    user.guest = parseGuest(block, user.guest, user.admin === true);
    if (!wasGuest) user.active = true;
    delete user.ultraRestricted;
  } else {
    if (field !== "" && field !== "startdate") throw badRequest("invalid_request_payload");
    user.startDate = field === "" ? parseProfile(value) : profileValue(value);
  }
}

/**
 * Applies a SCIM 2.0 `remove` (or a 1.1 `meta.attributes` entry) at `path`. Plain `emails` removes only the
 * secondary; the primary email cannot be removed (`missing_primary_email`).
 */
export function removeAttribute(user: UserRecord, path: PatchPath, strict: boolean): void {
  const { attr, sub, filter } = path;
  if (path.ext === "enterprise") {
    if (attr === "") user.enterprise = null;
    else if (user.enterprise) {
      const field = sub ? `${attr}.${sub}` : attr;
      if (field === "manager" || field === "manager.managerid") user.enterprise.managerId = null;
      else {
        const key = (
          ["employeeNumber", "costCenter", "organization", "division", "department"] as const
        ).find((k) => k.toLowerCase() === field);
        if (key) user.enterprise[key] = null;
        else if (strict) throw badRequest("invalid_request_payload");
      }
    }
    return;
  }
  if (path.ext === "guest") {
    if (attr === "expiration") {
      if (user.guest) delete user.guest.expiration;
    } else if (user.guest) {
      user.guest = null;
      user.active = true;
    }
    return;
  }
  if (path.ext === "profile") {
    user.startDate = null;
    return;
  }
  switch (attr) {
    case "emails": {
      const slot = filter ? emailSlot(user, filter) : "secondary";
      if (slot === "primary") throw badRequest("missing_primary_email");
      if (slot === "secondary") user.secondaryEmail = null;
      return;
    }
    case "phonenumbers": {
      const slot = filter ? phoneSlot(user, filter) : undefined;
      if (!filter || slot === "primary") user.primaryPhone = null;
      if (!filter || slot === "mobile") user.mobilePhone = null;
      return;
    }
    case "addresses":
      if (sub && user.address) user.address = addressFrom({ [subKey(sub)]: null }, user.address);
      else user.address = null;
      return;
    case "roles":
      user.role = null;
      return;
    case "photos":
      user.photo = null;
      return;
    case "name":
      if (!sub || sub === "honorificprefix") user.honorificPrefix = null;
      if (!sub || sub === "givenname") user.givenName = "";
      if (!sub || sub === "familyname") user.familyName = "";
      return;
    case "title":
    case "displayname":
      user[attr === "title" ? "title" : "displayName"] = "";
      return;
    case "timezone":
      user.timezone = defaultTimezone;
      return;
    case "username":
    case "nickname":
      throw badRequest("username_empty");
  }
  const key = profileKeys[attr];
  if (key) user[key] = null;
  else if (strict && !ignored.has(attr) && attr !== "active") throw badRequest("invalid_request_payload");
}
