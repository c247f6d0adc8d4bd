import { SCIM2Schemas } from "../models/schemas.js";
import type { User } from "../models/user.js";
import { extensionAttributes } from "./catalogue.js";
import {
  type ClearPredicate,
  clearPredicate,
  type DesiredUser,
  type DiffUserOptions,
  diffValue,
  extensionKey,
  isNullish,
  OperationList,
  objectOrNull,
} from "./diff-common.js";
import { diffEmails, diffPhoneNumbers } from "./diff-multi.js";
import { isObject, type JsonObject, jsonEqual } from "./match.js";
import type { PatchOperation } from "./operation.js";

const SIMPLE = [
  "userName",
  "nickName",
  "displayName",
  "title",
  "timezone",
  "active",
  "userType",
  "preferredLanguage",
  "locale",
] as const;
const NAME_PARTS = ["givenName", "familyName", "honorificPrefix"] as const;
const SINGLE_SLOT_LISTS = ["addresses", "photos", "roles"] as const;

/**
 * The minimal SCIM 2.0 operations that turn `current` into `desired`, touching nothing else.
 *
 * - An attribute `desired` leaves out (`undefined`) is left alone, unless `options.removeMissing` asks to clear
 *   it; `null` clears it. Read-only attributes (`id`, `meta`, `schemas`, `groups`, `externalId`, `profileUrl`,
 *   `password`) and attributes Slack does not document are never compared.
 * - `name` and the extensions are compared per sub-attribute, with the paths Slack documents: `replace` on
 *   `name.givenName`, `add` on `<URN>:employeeNumber`, `remove` on `<URN>.manager.managerId`. Paths use the
 *   extension URNs found in the objects (either version's).
 * - Emails: the primary by `emails[primary eq true].value`, the secondary by `emails[primary eq false]`;
 *   phone numbers by value filters (`phoneNumbers[value eq "…"]`); `addresses`, `photos`, `roles` (one stored value each) by `replace`.
 * - A guest block present in `desired` but not in `current` is one `add` on the guest URN (member → guest);
 *   `null` removes it (guest → member).
 *
 * @example
 * ```ts
 * const { user } = await scim2.readUser(id);
 * const operations = diffUser(user, { ...user, title: "CTO", active: true });
 * if (operations.length > 0) await scim2.patchUser(id, operations);
 * ```
 */
export function diffUser(
  current: User | DesiredUser,
  desired: DesiredUser,
  options: DiffUserOptions = {},
): PatchOperation[] {
  const out = new OperationList();
  const clear = clearPredicate(options.removeMissing);
  for (const attribute of SIMPLE) {
    const paths = { set: attribute, remove: attribute };
    diffValue(out, paths, current[attribute], desired[attribute], clear({ kind: "core", attribute }));
  }
  diffName(out, objectOrNull(current.name), objectOrNull(desired.name), clear);
  diffEmails(out, current.emails, desired.emails, clear({ kind: "core", attribute: "emails" }));
  diffPhoneNumbers(
    out,
    current.phoneNumbers,
    desired.phoneNumbers,
    clear({ kind: "core", attribute: "phoneNumbers" }),
  );
  for (const attribute of SINGLE_SLOT_LISTS) {
    diffList(out, attribute, current[attribute], desired[attribute], clear({ kind: "core", attribute }));
  }
  diffExtensions(out, current, desired, clear);
  return out.operations;
}

function diffName(
  out: OperationList,
  current: JsonObject | null | undefined,
  desired: JsonObject | null | undefined,
  clear: ClearPredicate,
): void {
  if (desired === null) {
    if (NAME_PARTS.some((p) => !isNullish(current?.[p]))) out.push("remove", "name");
    return;
  }
  for (const part of NAME_PARTS) {
    const path = `name.${part}`;
    const wipe = clear({ kind: "core", attribute: "name", subAttribute: part });
    diffValue(out, { set: path, remove: path }, current?.[part], desired?.[part], wipe);
  }
}

const isEmptyList = (v: unknown): boolean => isNullish(v) || (Array.isArray(v) && v.length === 0);

function diffList(
  out: OperationList,
  attribute: string,
  current: unknown,
  desired: unknown,
  clear: boolean,
): void {
  if (desired === undefined && !clear) return;
  if (isEmptyList(desired)) {
    if (!isEmptyList(current)) out.push("remove", attribute);
    return;
  }
  if (!jsonEqual(current, desired)) out.push("replace", attribute, desired);
}

function diffExtensions(
  out: OperationList,
  current: DesiredUser,
  desired: DesiredUser,
  clear: ClearPredicate,
): void {
  for (const kind of ["enterprise", "guest", "profile"] as const) {
    const desiredKey = extensionKey(desired, kind);
    const currentKey = extensionKey(current, kind);
    // Paths follow the objects' own URNs, so a 1.1 user yields 1.1 paths for `SCIMClient.patchUser`.
    const urn =
      desiredKey ??
      currentKey ??
      { enterprise: SCIM2Schemas.Enterprise, guest: SCIM2Schemas.Guest, profile: SCIM2Schemas.Profile }[kind];
    const cur = currentKey === undefined ? undefined : objectOrNull(current[currentKey]);
    const des = desiredKey === undefined ? undefined : objectOrNull(desired[desiredKey]);
    const wipeBlock = des === undefined && clear({ kind });
    if (des === null || (kind === "guest" && wipeBlock)) {
      if (isObject(cur) && (kind === "guest" || hasValues(cur))) out.push("remove", urn);
      continue;
    }
    if (kind === "guest" && des !== undefined && (cur === undefined || cur === null)) {
      // Adding the block is what converts a full member into a guest; it is sent whole.
      const block = Object.fromEntries(
        Object.entries(des).filter(([k, v]) => k !== "channels" && !isNullish(v)),
      );
      out.push("add", urn, block);
      continue;
    }
    for (const spec of extensionAttributes[kind]) {
      if (spec.readOnly !== undefined) continue;
      const wipe = clear({ kind, attribute: spec.name });
      if (spec.name === "manager") diffManager(out, urn, cur?.["manager"], des?.["manager"], wipe);
      else {
        const paths = { set: `${urn}:${spec.name}`, remove: `${urn}.${spec.name}`, setOp: "add" as const };
        diffValue(out, paths, cur?.[spec.name], des?.[spec.name], wipe);
      }
    }
  }
}

function diffManager(
  out: OperationList,
  urn: string,
  current: unknown,
  desired: unknown,
  clear: boolean,
): void {
  const id = (m: unknown) => (m === null ? null : isObject(m) ? m["managerId"] : undefined);
  const currentId = id(current);
  const desiredId = id(desired);
  if (desiredId === undefined && !clear) return;
  if (isNullish(desiredId)) {
    if (!isNullish(currentId)) out.push("remove", `${urn}.manager.managerId`);
    return;
  }
  // Slack documents partial objects on the URN, and a `manager` it receives must carry `managerId`.
  if (desiredId !== currentId) out.push("add", urn, { manager: { managerId: desiredId } });
}

function hasValues(block: JsonObject): boolean {
  return Object.values(block).some((v) => !isNullish(v));
}
