import { SCIM1Schemas, SCIM2Schemas } from "../models/schemas.js";
import type { User } from "../models/user.js";
import type { DesiredUser } from "../patch/index.js";
import {
  type DesiredSyncUser,
  enterpriseAttributes,
  type SyncAttribute,
  syncAttributes,
} from "./desired-user.js";
import type { SyncFieldChange } from "./plan-types.js";

type Block = Record<string, unknown>;

/** The enterprise extension's URN on a SCIM version. */
export function enterpriseUrn(version: 1 | 2): string {
  return version === 1 ? SCIM1Schemas.Enterprise : SCIM2Schemas.Enterprise;
}

function block(user: User, version: 1 | 2): Block | undefined {
  const found = user[enterpriseUrn(version)] ?? user[enterpriseUrn(version === 1 ? 2 : 1)];
  return typeof found === "object" && found !== null ? (found as Block) : undefined;
}

/** The user's primary email (the `primary: true` entry, else the first). */
export function primaryEmail(user: User): string | undefined {
  let first: string | undefined;
  for (const e of user.emails ?? []) {
    if (typeof e?.value !== "string") continue;
    if (e.primary === true) return e.value;
    first ??= e.value;
  }
  return first;
}

function secondaryEmail(user: User): string | undefined {
  const primary = primaryEmail(user);
  for (const e of user.emails ?? []) if (typeof e?.value === "string" && e.value !== primary) return e.value;
  return undefined;
}

/** The user's primary phone, as a read shows it (the `primary: true` entry). */
function primaryPhone(user: User): string | undefined {
  const entry = (user.phoneNumbers ?? []).find((p) => p?.primary === true);
  return typeof entry?.value === "string" && entry.value !== "" ? entry.value : undefined;
}

/** The mobile slot as a read shows it (`type: "mobile"` without `primary`). */
function mobilePhone(user: User): string | undefined {
  const entry = (user.phoneNumbers ?? []).find((p) => p?.primary !== true && p?.type === "mobile");
  return typeof entry?.value === "string" && entry.value !== "" ? entry.value : undefined;
}

/** The current manager's id. */
export function managerId(user: User, version: 1 | 2): string | undefined {
  const manager = block(user, version)?.["manager"] as { managerId?: unknown } | null | undefined;
  return typeof manager?.managerId === "string" && manager.managerId !== "" ? manager.managerId : undefined;
}

/** Slack's value of one attribute, as the input file would write it (`undefined` when empty). */
export function currentValue(user: User, attribute: SyncAttribute, version: 1 | 2): unknown {
  switch (attribute) {
    case "email":
      return primaryEmail(user);
    case "givenName":
    case "familyName":
      return user.name?.[attribute] ?? undefined;
    case "phone":
      return primaryPhone(user);
    case "manager":
      return managerId(user, version);
    case "active":
      return user.active !== false;
    case "groups":
      return (user.groups ?? []).map((g) => g.display);
    case "department":
    case "division":
    case "organization":
    case "costCenter":
    case "employeeNumber":
      return block(user, version)?.[attribute] ?? undefined;
    default:
      return user[attribute] ?? undefined;
  }
}

const empty = (v: unknown) => v === undefined || v === null || v === "";

/** Whether two values are the same for the input's purposes (empty values alike; emails and names ignoring case). */
export function sameValue(attribute: SyncAttribute, a: unknown, b: unknown): boolean {
  if (empty(a) && empty(b)) return true;
  if (typeof a === "string" && typeof b === "string" && (attribute === "email" || attribute === "userName")) {
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

/**
 * The attributes a record sets, in the shape `diffUser` compares (`null` clears), for a user as it is now. The
 * secondary email and the mobile phone are carried over, so the record only changes the slots it names. The
 * manager is given as an id (`managerRef`): `null` clears it, `undefined` leaves it to a later step.
 */
export function desiredUserFor(
  record: DesiredSyncUser,
  current: User,
  version: 1 | 2,
  managerRef: string | null | undefined,
  options: { displayName: boolean },
): DesiredUser {
  const desired: DesiredUser & Record<string, unknown> = { userName: record.userName.toLowerCase() };
  const currentPrimary = primaryEmail(current);
  // Slack compares emails without case: an address that differs only in case is not a change.
  const email =
    currentPrimary !== undefined && currentPrimary.toLowerCase() === record.email.toLowerCase()
      ? currentPrimary
      : record.email;
  const secondary = secondaryEmail(current);
  desired.emails = [{ value: email, primary: true }];
  if (secondary !== undefined && secondary.toLowerCase() !== email.toLowerCase()) {
    desired.emails.push({ value: secondary, primary: false });
  } else if (secondary !== undefined && currentPrimary !== undefined) {
    // The record's address is the secondary today: the two swap.
    desired.emails.push({ value: currentPrimary, primary: false });
  }
  const name: Record<string, unknown> = {};
  if (record.givenName !== undefined) name["givenName"] = record.givenName;
  if (record.familyName !== undefined) name["familyName"] = record.familyName;
  if (Object.keys(name).length > 0) desired.name = name;
  if (record.displayName !== undefined && options.displayName) desired.displayName = record.displayName;
  if (record.title !== undefined) desired.title = record.title;
  if (record.phone !== undefined) {
    const mobile = mobilePhone(current);
    const list: Record<string, unknown>[] = [];
    if (record.phone !== null) list.push({ value: record.phone, primary: true });
    if (mobile !== undefined) list.push({ value: mobile, type: "mobile" });
    desired.phoneNumbers = list.length === 0 ? null : list;
  }
  if (record.active !== false) desired.active = true;
  const enterprise: Block = {};
  for (const attribute of enterpriseAttributes) {
    if (record[attribute] !== undefined) enterprise[attribute] = record[attribute];
  }
  if (managerRef !== undefined)
    enterprise["manager"] = managerRef === null ? null : { managerId: managerRef };
  if (Object.keys(enterprise).length > 0) desired[enterpriseUrn(version)] = enterprise;
  return desired;
}

/** The body of a `createUser` for a record; the manager by id when known. */
export function createBodyFor(record: DesiredSyncUser, version: 1 | 2, manager: string | undefined): User {
  const user: User = {
    userName: record.userName.toLowerCase(),
    emails: [{ value: record.email, primary: true }],
  };
  const name: Record<string, string> = {};
  if (typeof record.givenName === "string") name["givenName"] = record.givenName;
  if (typeof record.familyName === "string") name["familyName"] = record.familyName;
  if (Object.keys(name).length > 0) user.name = name;
  if (typeof record.displayName === "string") user.displayName = record.displayName;
  if (typeof record.title === "string") user.title = record.title;
  if (typeof record.phone === "string") user.phoneNumbers = [{ value: record.phone, primary: true }];
  if (typeof record.externalId === "string") user.externalId = record.externalId;
  const enterprise: Block = {};
  for (const attribute of enterpriseAttributes) {
    const value = record[attribute];
    if (typeof value === "string") enterprise[attribute] = value;
  }
  if (manager !== undefined) enterprise["manager"] = { managerId: manager };
  if (Object.keys(enterprise).length > 0) user[enterpriseUrn(version)] = enterprise;
  return user;
}

// Every attribute but those planned as steps of their own (the manager link, group memberships) or matched on.
const reviewed: readonly SyncAttribute[] = syncAttributes.filter(
  (attribute) => attribute !== "manager" && attribute !== "groups" && attribute !== "externalId",
);

const noChanges: readonly SyncFieldChange[] = Object.freeze([]);

/** The attributes a record changes, field by field, for review (the manager is added by the caller). */
export function fieldChanges(
  record: DesiredSyncUser,
  current: User,
  version: 1 | 2,
  options: { displayName: boolean },
): readonly SyncFieldChange[] {
  // Most records change nothing: they share one empty list.
  let changes: SyncFieldChange[] | undefined;
  for (const attribute of reviewed) {
    if (attribute === "displayName" && !options.displayName) continue;
    const to = attribute === "active" ? record.active !== false : record[attribute];
    if (to === undefined) continue;
    const from = currentValue(current, attribute, version);
    if (sameValue(attribute, from, to)) continue;
    changes ??= [];
    changes.push({ attribute, from: from ?? null, to });
  }
  return changes ?? noChanges;
}
