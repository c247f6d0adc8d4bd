import { badRequest } from "../errors.js";
import { isObject, type JSONObject } from "../json.js";
import type { UserRecord } from "../store/records.js";
import {
  declaresExtension,
  extensionBlock,
  mergeEnterprise,
  parseGuest,
  parseProfile,
} from "./extensions.js";
import { checkDisplayName, checkFullName, normalizeUserName } from "./names.js";
import {
  booleanAttribute,
  pickAddress,
  pickEmails,
  pickPhones,
  pickPhoto,
  pickRole,
  profileValue,
  stringOrNull,
} from "./slots.js";

/** Slack's default time zone for new users. */
export const defaultTimezone = "America/Los_Angeles";

/** What building a user needs from the org. */
export interface BuildContext {
  /** Resolves a `managerId` given as id, email or userName to a user id (or echoes it). */
  resolveManager(ref: string): string;
}

/** Refuses a write body without `schemas` (any present value is accepted, as Slack does). */
export function requireSchemas(body: JSONObject): void {
  if (body["schemas"] === undefined || body["schemas"] === null) throw badRequest("missing_schema_element");
}

/**
 * Builds the full user a `POST` (no `base`) or a `PUT` (with `base`) describes. PUT clears what it omits,
 * except `active` and `name`, which it keeps (the documented PUT example), and `externalId`, which never changes.
 */
export function userFromBody(
  body: JSONObject,
  identity: Pick<UserRecord, "id" | "created" | "externalId">,
  base: UserRecord | null,
  ctx: BuildContext,
): UserRecord {
  requireSchemas(body);
  if (base && body["password"] !== undefined) throw badRequest("password_change_not_allowed");
  const userName = normalizeUserName(body["userName"]);
  if (typeof body["nickName"] === "string" && body["nickName"].trim().length > 21) {
    normalizeUserName(body["nickName"], "nickName");
  }
  const displayName = checkDisplayName(stringOrNull(body["displayName"]) ?? "", userName);

  let givenName: string;
  let familyName: string;
  let honorificPrefix: string | null = null;
  const name = body["name"];
  if (isObject(name)) {
    givenName = stringOrNull(name["givenName"]) ?? "";
    familyName = stringOrNull(name["familyName"]) ?? "";
    honorificPrefix = profileValue(name["honorificPrefix"]);
    checkFullName(givenName, familyName, userName);
  } else if (name !== undefined && name !== null) {
    throw badRequest("invalid_attribute_format");
  } else if (base) {
    ({ givenName, familyName, honorificPrefix } = base);
  } else {
    // Slack copies the display name into givenName (documented guest create); the display name itself falls
    // back to the username.
    givenName = displayName || userName;
    familyName = "";
  }

  const emails = pickEmails(body["emails"]);
  const phones = body["phoneNumbers"] == null ? {} : pickPhones(body["phoneNumbers"]);
  const isAdmin = base?.admin === true;
  const guestBlock = extensionBlock(body, "guest");
  const enterpriseBlock = extensionBlock(body, "enterprise");
  // The profile block counts only with its URN in `schemas` (docs/behaviour.md); PUT then clears the start date.
  const profileBlock = declaresExtension(body, "profile") ? extensionBlock(body, "profile") : undefined;

  const user: UserRecord = {
    id: identity.id,
    externalId: identity.externalId,
    created: identity.created,
    userName,
    givenName,
    familyName,
    honorificPrefix,
    displayName,
    title: stringOrNull(body["title"]) ?? "",
    timezone: stringOrNull(body["timezone"]) || defaultTimezone,
    active:
      body["active"] === undefined ? (base?.active ?? true) : booleanAttribute(body["active"], "active"),
    primaryEmail: emails.primary,
    secondaryEmail: emails.secondary,
    photo: body["photos"] == null ? null : pickPhoto(body["photos"]),
    address: body["addresses"] == null ? null : pickAddress(body["addresses"]),
    primaryPhone: phones.primary ?? null,
    mobilePhone: phones.mobile ?? null,
    userType: profileValue(body["userType"]),
    role: body["roles"] == null ? null : pickRole(body["roles"]),
    preferredLanguage: profileValue(body["preferredLanguage"]),
    locale: profileValue(body["locale"]),
    enterprise: enterpriseBlock == null ? null : mergeEnterprise(enterpriseBlock, null, ctx.resolveManager),
    startDate: profileBlock == null ? null : parseProfile(profileBlock),
    guest: guestBlock == null ? null : parseGuest(guestBlock, null, isAdmin),
  };
  if (base?.admin) user.admin = true;
  if (base?.primaryOwner) user.primaryOwner = true;
  if (base?.ultraRestricted && !user.guest) user.ultraRestricted = true;
  return user;
}
