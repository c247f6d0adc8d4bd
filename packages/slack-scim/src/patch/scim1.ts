import { isObject, type JsonObject } from "../core/json.js";
import type { ValueFilter } from "../filter/grammar.js";
import type { Group } from "../models/group.js";
import { SCIM1Schemas } from "../models/schemas.js";
import type { User } from "../models/user.js";
import { type PatchResourceType, scim1UrnOf } from "./catalogue.js";
import type { PatchOperation } from "./operation.js";
import { type ParsedPatchPath, type PatchPathOptions, parsePatchPath } from "./path.js";
import { Scim1Body } from "./scim1-body.js";

/**
 * Translates SCIM 2.0 operations into the SCIM 1.1 partial resource Slack's 1.1 PATCH takes, so the same
 * operations run on either version:
 *
 * - `add`/`replace` of an attribute become members of the partial resource (`name.givenName` → `name`, an
 *   extension attribute → its 1.1 extension block; 2.0 URNs map to their 1.1 equivalents in `schemas`);
 * - `remove` of an attribute becomes a `meta.attributes` entry in 1.1's dotted form (`name.familyName`,
 *   `urn:scim:schemas:extension:enterprise:1.0.manager.managerId`);
 * - `remove` on `emails[value eq "x"]`, `phoneNumbers[…]`, `roles[…]` or `members[value eq "W1"]` becomes
 *   that entry with `"operation": "delete"`; `add` on `members` adds `{ value }` entries;
 * - `replace` on `emails[primary eq true].value` becomes an email with `primary: true`, the secondary forms an
 *   email with `primary: false`, and `remove` on `emails[primary eq false]` lists `emails` in
 *   `meta.attributes` (which Slack documents as removing only the secondary).
 *
 * 1.1 takes the primary email from the emails a request sends (`primary: true`, else `type: "work"`, else the
 * first), while 2.0 leaves the primary alone unless told. So operations that set an email (`add` on `emails`,
 * `replace` on `emails[primary eq false]`, `replaceSecondaryEmail`, `addEmail`) translate only when the same
 * request also names the primary with `primary: true`, typically `replacePrimaryEmail(currentPrimary)`: a no-op
 * on 2.0, and what tells 1.1 to keep it. `diffUser` adds it itself.
 *
 * A plain partial resource (an object rather than an array) is returned as a copy with `schemas` defaulted to
 * the 1.1 core URN.
 *
 * @throws `TypeError` naming the operation's index and why 1.1 cannot express it: `replace` or a plain `remove`
 *   on a group's `members` (1.1 only adds or deletes listed members), filters other than `value eq` (and the
 *   two email forms), `replace` on `phoneNumbers[…].value` (1.1 picks the slot from `type`, which the path does
 *   not carry), unknown extension URNs, a removal and a change of the same attribute in one request
 *   (1.1's body has no order), and emails set without a `primary: true` email in the request (see above).
 * @example
 * ```ts
 * toSCIM1Patch([removeMember("W1"), addMembers(["W2"])], "Group");
 * // { schemas: ["urn:scim:schemas:core:1.0"],
 * //   members: [{ value: "W1", operation: "delete" }, { value: "W2" }] }
 * ```
 */
export function toSCIM1Patch(
  operations: readonly PatchOperation[] | User,
  resource: "User",
  options?: PatchPathOptions,
): User;
export function toSCIM1Patch(
  operations: readonly PatchOperation[] | Group,
  resource: "Group",
  options?: PatchPathOptions,
): Group;
export function toSCIM1Patch(
  operations: readonly PatchOperation[] | JsonObject,
  resource: PatchResourceType,
  options?: PatchPathOptions,
): JsonObject;
export function toSCIM1Patch(
  operations: readonly PatchOperation[] | JsonObject,
  resource: PatchResourceType,
  options: PatchPathOptions = {},
): JsonObject {
  if (!Array.isArray(operations)) {
    if (!isObject(operations))
      throw new TypeError("toSCIM1Patch needs an array of operations or a partial resource");
    return { schemas: [SCIM1Schemas.Core], ...operations };
  }
  if (operations.length === 0) throw new TypeError("PATCH needs at least one operation");
  const body = new Scim1Body();
  operations.forEach((operation, index) => {
    const fail = (why: string): never => {
      const what = `${String(operation?.op)}${operation?.path === undefined ? "" : ` ${operation.path}`}`;
      throw new TypeError(`PATCH operation ${index} (${what}) cannot be sent to SCIM 1.1: ${why}`);
    };
    translate(body, operation, { ...options, resource }, fail, index);
  });
  const unanchored = resource === "User" ? body.unanchoredEmail() : undefined;
  if (unanchored !== undefined) {
    const operation = operations[unanchored] as PatchOperation;
    throw new TypeError(
      `PATCH operation ${unanchored} (${operation.op} ${operation.path ?? ""}) cannot be sent to SCIM 1.1 as it is: ` +
        '1.1 takes the primary email from the emails sent (primary: true, else type "work", else the first), so ' +
        "this email would replace the user's primary. Name the current primary in the same request, e.g. " +
        'replacePrimaryEmail(currentPrimary) (replace "emails[primary eq true].value"), which changes nothing on ' +
        "SCIM 2.0; diffUser does this itself.",
    );
  }
  return body.toJSON();
}

type Fail = (why: string) => never;

function translate(
  body: Scim1Body,
  operation: PatchOperation,
  options: PatchPathOptions,
  fail: Fail,
  index: number,
) {
  const { op, path, value } = operation ?? {};
  if (op !== "add" && op !== "replace" && op !== "remove") fail(`unknown op ${JSON.stringify(op)}`);
  if (path === undefined) {
    if (op === "remove" || !isObject(value)) fail("an operation without a path needs an attribute map");
    for (const [key, v] of Object.entries(value)) {
      if (key.toLowerCase() !== "schemas") translate(body, { op, path: key, value: v }, options, fail, index);
    }
    return;
  }
  let parsed: ParsedPatchPath;
  try {
    parsed = parsePatchPath(path, options);
  } catch (error) {
    fail((error as Error).message);
  }
  if (op !== "remove" && value === undefined) fail(`${op} needs a value`);
  const isExtension = parsed.urn !== undefined && parsed.schema?.kind !== "core";
  let block: string | undefined;
  if (isExtension) {
    block = scim1UrnOf(parsed.urn as string);
    if (block === undefined) fail(`${parsed.urn} has no SCIM 1.1 equivalent`);
    body.useSchema(block);
  }
  const at = { index, fail };
  if (parsed.attribute === undefined) {
    const urn = block as string;
    if (op === "remove") {
      body.remove(urn, at);
      return;
    }
    if (!isObject(value)) fail(`${op} on ${urn} needs an object`);
    for (const [key, v] of Object.entries(value)) body.set([urn, key], v, at);
    return;
  }
  const attribute = parsed.attribute;
  const prefix = block === undefined ? [] : [block];
  if (parsed.filter !== undefined) return translateFiltered(body, parsed, op, value, at);
  if (parsed.multiValued) {
    if (parsed.subAttribute !== undefined)
      fail(`1.1 cannot address ${attribute}.${parsed.subAttribute} on every value`);
    return translateList(body, attribute, op, value, at);
  }
  const target =
    parsed.subAttribute === undefined ? [...prefix, attribute] : [...prefix, attribute, parsed.subAttribute];
  if (op === "remove") {
    body.remove(target.join("."), at);
    return;
  }
  body.set(target, value, at);
}

function translateList(
  body: Scim1Body,
  attribute: string,
  op: "add" | "replace" | "remove",
  value: unknown,
  at: { index: number; fail: Fail },
): void {
  const entries = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (attribute === "members") {
    if (op === "replace") {
      at.fail(
        "1.1 cannot replace a group's member list: its PATCH only adds or deletes listed members. Send the difference (diffGroup) or use updateGroup",
      );
    }
    if (op === "remove") {
      if (entries.length === 0)
        at.fail('1.1 cannot remove every member at once; remove them by id (members[value eq "W…"])');
      for (const e of entries)
        body.addEntry("members", { value: memberValue(e, at.fail), operation: "delete" }, at);
      return;
    }
  } else if (op === "remove") {
    if (entries.length === 0) {
      body.remove(attribute, at);
      return;
    }
    for (const e of entries)
      body.addEntry(attribute, { ...(isObject(e) ? e : { value: e }), operation: "delete" }, at);
    return;
  }
  // Slack merges a replaced email list into the stored one (2.0 then refuses a second primary, live 2026); on
  // 1.1 the same body would quietly keep the old secondary. Say so before anything is sent.
  if (op === "replace" && attribute === "emails") {
    at.fail(
      "replace on the whole emails list does not replace it on Slack; use replacePrimaryEmail / replaceSecondaryEmail",
    );
  }
  // For users Slack keeps fixed slots, so entries sent in 1.1 set the slots they name, as 2.0's replace does.
  for (const e of entries) body.addEntry(attribute, isObject(e) ? { ...e } : e, at);
}

function memberValue(entry: unknown, fail: Fail): string {
  const id = isObject(entry) ? entry["value"] : entry;
  if (typeof id !== "string") fail("a member needs a string value");
  return id as string;
}

const DELETABLE = new Set(["emails", "phoneNumbers", "roles", "members"]);

function translateFiltered(
  body: Scim1Body,
  parsed: ParsedPatchPath,
  op: "add" | "replace" | "remove",
  value: unknown,
  at: { index: number; fail: Fail },
): void {
  const attribute = parsed.attribute as string;
  const filter = parsed.filter as ValueFilter;
  const sub = parsed.subAttribute;
  const byValue =
    filter.kind === "compare" && filter.operator === "eq" && filter.attribute.toLowerCase() === "value";
  const byPrimary =
    filter.kind === "compare" && filter.operator === "eq" && filter.attribute.toLowerCase() === "primary";
  const literal = filter.kind === "compare" ? filter.value : undefined;
  if (byValue && typeof literal === "string" && DELETABLE.has(attribute)) {
    if (op === "remove" && sub === undefined) {
      body.addEntry(attribute, { value: literal, operation: "delete" }, at);
      return;
    }
    if (op === "replace" && sub === undefined && isObject(value) && attribute !== "members") {
      // 2.0 keeps the replaced number's slot; 1.1 picks one from the entry's flags, so they must be there.
      if (attribute === "phoneNumbers" && value["primary"] === undefined && value["type"] === undefined) {
        at.fail(
          'name the phone slot in the new entry for 1.1: primary: true for the primary phone, type: "work" for the mobile phone',
        );
      }
      body.addEntry(attribute, { value: literal, operation: "delete" }, at);
      body.addEntry(attribute, { ...value }, at);
      return;
    }
    if (attribute === "phoneNumbers" && sub?.toLowerCase() === "value") {
      at.fail(
        "1.1 picks a phone slot from type and primary, which this path does not carry; remove the number by value and add the new one with its type",
      );
    }
  }
  if (attribute === "emails" && byPrimary && typeof literal === "boolean") {
    if (op === "remove" && sub === undefined) {
      if (literal) at.fail("Slack cannot remove the primary email, only replace it");
      body.remove("emails", at);
      return;
    }
    if (op !== "remove" && sub?.toLowerCase() === "value" && typeof value === "string") {
      body.addEntry("emails", { value, primary: literal }, at);
      return;
    }
    if (op !== "remove" && sub === undefined && isObject(value)) {
      body.addEntry("emails", { ...value, primary: literal }, at);
      return;
    }
  }
  at.fail(
    '1.1 has no value filters; only remove by `value eq "…"` (sent as "operation": "delete") and the primary/secondary email forms translate',
  );
}
