import { scimStringLiteral } from "../filter/grammar.js";
import type { GroupMember } from "../models/group.js";
import type {
  EnterpriseExtension,
  GuestExtension,
  ProfileExtension,
  UserAddress,
  UserEmail,
  UserName,
  UserPhoneNumber,
  UserPhoto,
  UserRole,
} from "../models/user.js";
import type { PatchOperation } from "./operation.js";
import { type PatchPathOptions, parsePatchPath } from "./path.js";

/** Value types of the paths whose type is known; other paths take `unknown`. */
export interface PatchValueMap {
  /** `false` deactivates the user, `true` reactivates them. */
  active: boolean;
  /** The Slack username; changing it changes `nickName` too. */
  userName: string;
  /** Same value as `userName` on Slack; changing it changes `userName` too. */
  nickName: string;
  /** Slack's display name. */
  displayName: string;
  /** Job title; `null` clears it. */
  title: string | null;
  /** IANA time zone such as `Europe/London`; `null` resets it to Slack's default. */
  timezone: string | null;
  /** Free-text user type (e.g. `Employee`); `null` clears it. */
  userType: string | null;
  /** Preferred language such as `en_GB`; `null` clears it. */
  preferredLanguage: string | null;
  /** Locale such as `en-GB`; `null` clears it. */
  locale: string | null;
  /** Name parts; only the members given change. */
  name: UserName;
  /** First name; `null` clears it. */
  "name.givenName": string | null;
  /** Last name; `null` clears it. */
  "name.familyName": string | null;
  /** Honorific such as `Dr`; `null` clears it. */
  "name.honorificPrefix": string | null;
  /** Email entries; Slack keeps a primary and at most one secondary. */
  emails: UserEmail | UserEmail[];
  /** The primary email address. */
  "emails[primary eq true].value": string;
  /** The secondary email entry. */
  "emails[primary eq false]": UserEmail;
  /** Phone entries; Slack keeps a primary and a mobile number. */
  phoneNumbers: UserPhoneNumber | UserPhoneNumber[];
  /** Postal address; Slack keeps one. */
  addresses: UserAddress | UserAddress[];
  /** Profile photo (https or `data:` URL); Slack keeps one. */
  photos: UserPhoto | UserPhoto[];
  /** Role, as an object or a plain string; Slack keeps one. */
  roles: UserRole | string | (UserRole | string)[];
  /** Group members, by Slack user id. */
  members: GroupMember | GroupMember[];
  /** Enterprise extension block (employee number, cost center, manager, …). */
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": EnterpriseExtension;
  /** Guest extension block; adding it makes the user a multi-channel guest. */
  "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User": GuestExtension;
  /** Slack profile extension block (`startDate`). */
  "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User": ProfileExtension;
}

/** The value type `path` takes: from {@link PatchValueMap} when known, `unknown` otherwise. */
export type PatchValue<P extends string> = P extends keyof PatchValueMap ? PatchValueMap[P] : unknown;

/**
 * An `add` operation. The path is checked at once; a bad one throws a `TypeError` naming the position.
 *
 * @example
 * ```ts
 * add("members", [{ value: "W0123ABCDEF" }]);
 * add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter", "RD-02");
 * ```
 */
export function add<P extends string>(
  path: P,
  value: PatchValue<P>,
  options?: PatchPathOptions,
): PatchOperation {
  parsePatchPath(path, options);
  return { op: "add", path, value };
}

/**
 * A `replace` operation with a checked path.
 *
 * @example
 * ```ts
 * replace("active", false);
 * replace("name.givenName", "Ada");
 * ```
 */
export function replace<P extends string>(
  path: P,
  value: PatchValue<P>,
  options?: PatchPathOptions,
): PatchOperation {
  parsePatchPath(path, options);
  return { op: "replace", path, value };
}

/**
 * A `remove` operation with a checked path. Build filtered paths with {@link valuePath} so values are escaped.
 *
 * @example
 * ```ts
 * remove("name.honorificPrefix");
 * remove('members[value eq "W0123ABCDEF"]');
 * ```
 */
export function remove(path: string, options?: PatchPathOptions): PatchOperation {
  parsePatchPath(path, options);
  return { op: "remove", path };
}

/**
 * A value-filtered path `attribute[subAttribute eq "value"]`, optionally followed by `.then`, with the value
 * quoted and escaped as a SCIM string literal; booleans and `null` stay bare.
 *
 * @example
 * ```ts
 * valuePath("emails", "value", 'a"b@x.example'); // 'emails[value eq "a\"b@x.example"]'
 * valuePath("emails", "primary", true, "value");  // 'emails[primary eq true].value'
 * ```
 */
export function valuePath(
  attribute: string,
  subAttribute: string,
  value: string | boolean | null,
  then?: string,
): string {
  const literal = typeof value === "string" ? scimStringLiteral(value) : String(value);
  return `${attribute}[${subAttribute} eq ${literal}]${then === undefined ? "" : `.${then}`}`;
}

const ids = (memberIds: string | readonly string[]): string[] =>
  typeof memberIds === "string" ? [memberIds] : [...memberIds];

/**
 * Adds users to a group: one `add` on `members`, leaving existing members alone.
 *
 * @example
 * ```ts
 * await scim2.patchGroup(groupId, [addMembers(["W1", "W2"])]);
 * ```
 */
export function addMembers(memberIds: string | readonly string[]): PatchOperation {
  return { op: "add", path: "members", value: ids(memberIds).map((value) => ({ value })) };
}

/** Removes one user from a group: `remove` on `members[value eq "id"]`. */
export function removeMember(memberId: string): PatchOperation {
  return { op: "remove", path: valuePath("members", "value", memberId) };
}

/** Removes users from a group: one {@link removeMember} operation per id. */
export function removeMembers(memberIds: string | readonly string[]): PatchOperation[] {
  return ids(memberIds).map(removeMember);
}

/**
 * Sets a group's exact member list (`replace` on `members`). SCIM 2.0 only: 1.1 cannot express it; prefer
 * {@link diffGroup}, which sends only the difference.
 */
export function replaceMembers(memberIds: readonly string[]): PatchOperation {
  return { op: "replace", path: "members", value: memberIds.map((value) => ({ value })) };
}

/** Renames a group (`replace` on `displayName`). */
export function renameGroup(displayName: string): PatchOperation {
  return { op: "replace", path: "displayName", value: displayName };
}

/**
 * Changes the primary email the way Slack accepts it: `replace` on `emails[primary eq true].value`
 * (a `replace` on the whole `emails` list fails on Slack).
 *
 * @example
 * ```ts
 * await scim2.patchUser(userId, [replacePrimaryEmail("ada@new.example")]);
 * ```
 */
export function replacePrimaryEmail(address: string): PatchOperation {
  return { op: "replace", path: "emails[primary eq true].value", value: address };
}

/**
 * Sets the secondary email (`replace` on `emails[primary eq false]`).
 *
 * On SCIM 1.1, which takes the primary from the emails sent, it must travel with the current primary, or
 * `SCIMClient.patchUser` refuses it with a `TypeError` before any request; `diffUser` does this itself:
 *
 * @example
 * ```ts
 * await client.patchUser(id, [replacePrimaryEmail(currentPrimary), replaceSecondaryEmail("ada@home.example")]);
 * ```
 */
export function replaceSecondaryEmail(address: string): PatchOperation {
  return { op: "replace", path: "emails[primary eq false]", value: { value: address, primary: false } };
}

/**
 * Adds an email; a string becomes `{ value }`, Slack keeps a primary and a secondary only, so on 2.0 an
 * unflagged email becomes the secondary. On SCIM 1.1 it must travel with the current primary, as for
 * {@link replaceSecondaryEmail}: `[replacePrimaryEmail(currentPrimary), addEmail("ada@home.example")]`.
 */
export function addEmail(email: string | UserEmail): PatchOperation {
  return { op: "add", path: "emails", value: [typeof email === "string" ? { value: email } : { ...email }] };
}

/** Removes the email with this address (`remove` on `emails[value eq "…"]`); the primary cannot be removed. */
export function removeEmail(address: string): PatchOperation {
  return { op: "remove", path: valuePath("emails", "value", address) };
}

/** Removes the secondary email (`remove` on `emails[primary eq false]`). */
export function removeSecondaryEmail(): PatchOperation {
  return { op: "remove", path: "emails[primary eq false]" };
}

/**
 * Adds a phone number. In a request `type: "mobile"` (or `primary: true`) fills Slack's primary phone and
 * `type: "work"` its mobile phone: the reverse of what responses say.
 */
export function addPhoneNumber(phoneNumber: string | UserPhoneNumber): PatchOperation {
  const entry = typeof phoneNumber === "string" ? { value: phoneNumber } : { ...phoneNumber };
  return { op: "add", path: "phoneNumbers", value: [entry] };
}

/** Changes a number in place: `replace` on `phoneNumbers[value eq "old"].value`. */
export function replacePhoneNumber(oldNumber: string, newNumber: string): PatchOperation {
  return { op: "replace", path: valuePath("phoneNumbers", "value", oldNumber, "value"), value: newNumber };
}

/** Removes a phone number by value (`remove` on `phoneNumbers[value eq "…"]`). */
export function removePhoneNumber(phoneNumber: string): PatchOperation {
  return { op: "remove", path: valuePath("phoneNumbers", "value", phoneNumber) };
}
