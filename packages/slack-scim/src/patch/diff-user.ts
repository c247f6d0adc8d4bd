import { isObject, type JsonObject } from "../core/json.js";
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
  isEmptyValue,
  isNullish,
  NOT_CLEARABLE,
  OperationList,
  objectOrNull,
} from "./diff-common.js";
import { diffEmails, diffPhoneNumbers } from "./diff-multi.js";
import { diffPhotos, diffStoredValue } from "./diff-slots.js";
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
/** What Slack sets `timezone` to when it has none: clearing the timezone resets it to this. */
const DEFAULT_TIMEZONE = "America/Los_Angeles";

/**
 * The minimal SCIM 2.0 operations that turn `current` into `desired`, touching nothing else.
 *
 * - An attribute `desired` leaves out (`undefined`) is left alone, unless `options.removeMissing` asks to clear
 *   it; `null` clears it. Read-only attributes (`id`, `meta`, `schemas`, `groups`, `externalId`, `profileUrl`,
 *   `password`) and attributes Slack does not document are never compared.
 * - `name` and the extensions are compared per sub-attribute, with the paths Slack documents: `replace` on
 *   `name.givenName`, `add` on `<URN>:employeeNumber`, `remove` on `<URN>.manager.managerId`. Paths use the
 *   extension URNs found in the objects (either version's).
 * - Emails: the primary by `emails[primary eq true].value`, the secondary by `emails[primary eq false]`; when
 *   only the secondary is set, the current primary is restated (`replace emails[primary eq true].value` with
 *   its own address), which changes nothing on 2.0 and keeps SCIM 1.1 (which takes the first email sent as the
 *   primary unless one is flagged) from promoting the secondary.
 * - Phone numbers by Slack's two slots, read in response form (`primary: true` = primary phone,
 *   `type: "mobile"` = mobile phone) and sent in request form, where `type` means the opposite
 *   (`{ value, primary: true }` for the primary phone, `{ value, type: "work" }` for the mobile phone).
 * - `roles`, `addresses` (one stored value each) by `replace`, compared in Slack's stored form: a role `"X"`
 *   equals `{ value: "X", primary: true }`; an address is its five members, with `null`, `""` and absent alike.
 *   Photos as {@link DiffUserOptions.photos} says.
 * - `timezone`: Slack always has one, so `null` (or `""`) resets it to `America/Los_Angeles`, and is satisfied
 *   by that zone.
 * - A guest block present in `desired` but not in `current` is one `add` on the guest URN (member → guest);
 *   `null` removes it (guest → member).
 *
 * Compare against a fresh read (`readUser`), not the answer to the PATCH: Slack processes photos
 * asynchronously, so that answer still shows the previous one.
 *
 * @throws `TypeError` when `desired` gives `userName`, `nickName` or `active` the value `null` or `""` while
 *   `current` has one, or `options.removeMissing` lists one of them: Slack cannot clear them.
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
    const wanted = desired[attribute];
    const why = NOT_CLEARABLE[attribute];
    if (why !== undefined && wanted !== undefined && isEmptyValue(wanted)) {
      if (isEmptyValue(current[attribute])) continue;
      throw new TypeError(`diffUser: desired.${attribute} cannot be ${JSON.stringify(wanted)}: ${why}`);
    }
    const wipe = clear({ kind: "core", attribute });
    if (attribute === "timezone") {
      // Slack resets a removed timezone to its default, so that default already counts as cleared.
      const shown = current.timezone === DEFAULT_TIMEZONE ? null : current.timezone;
      if (isEmptyValue(wanted)) diffValue(out, paths, shown, wanted, wipe);
      else diffValue(out, paths, current.timezone, wanted, wipe);
      continue;
    }
    diffValue(out, paths, current[attribute], wanted, wipe);
  }
  // Clearing what desired leaves out never empties the full name Slack requires (invalid_name_required).
  const desiredName = objectOrNull(desired.name);
  const keepsFullName =
    options.removeMissing !== true ||
    (isObject(desiredName) &&
      (!isEmptyValue(desiredName["givenName"]) || !isEmptyValue(desiredName["familyName"])));
  const nameClear: ClearPredicate = (a) =>
    (keepsFullName || a.subAttribute === "honorificPrefix") && clear(a);
  diffName(out, objectOrNull(current.name), desiredName, nameClear);
  diffEmails(out, current.emails, desired.emails, clear({ kind: "core", attribute: "emails" }));
  diffPhoneNumbers(
    out,
    current.phoneNumbers,
    desired.phoneNumbers,
    clear({ kind: "core", attribute: "phoneNumbers" }),
  );
  for (const attribute of ["roles", "addresses"] as const) {
    const wipe = clear({ kind: "core", attribute });
    diffStoredValue(out, attribute, current[attribute], desired[attribute], wipe);
  }
  const photosWipe = clear({ kind: "core", attribute: "photos" });
  diffPhotos(out, current.photos, desired.photos, photosWipe, options.photos ?? "auto");
  diffExtensions(out, current, desired, clear);
  return out.operations;
}

function diffName(
  out: OperationList,
  current: JsonObject | null | undefined,
  desired: JsonObject | null | undefined,
  clear: ClearPredicate,
): void {
  // Slack refuses a user whose given and family names are both empty (invalid_name_required): say so now,
  // rather than send a PATCH that can only fail.
  const after = (part: string) => {
    const wanted = desired === null ? null : desired?.[part];
    const wipe = clear({ kind: "core", attribute: "name", subAttribute: part });
    return wanted === undefined && !wipe ? current?.[part] : wanted;
  };
  const blank = (value: unknown) => isEmptyValue(value) || (typeof value === "string" && value.trim() === "");
  const hadName = !blank(current?.["givenName"]) || !blank(current?.["familyName"]);
  if (hadName && blank(after("givenName")) && blank(after("familyName"))) {
    throw new TypeError(
      "diffUser: desired clears both name.givenName and name.familyName, which Slack refuses (invalid_name_required); keep one",
    );
  }
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
