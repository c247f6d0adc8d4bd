import { isObject, type JsonObject } from "../core/json.js";
import type { User } from "../models/user.js";
import { knownSchemas, type SchemaSpec } from "./catalogue.js";
import { jsonEqual } from "./match.js";
import type { PatchOperation } from "./operation.js";
import { parsePatchPath } from "./path.js";

/** `T` where any attribute, sub-attribute or extension block may also be `null`, meaning "clear it". */
export type Clearable<T> = T extends readonly unknown[]
  ? T | null
  : T extends object
    ? { [K in keyof T]?: Clearable<T[K]> } | null
    : T | null;

/**
 * The `desired` side of {@link diffUser}: a `User` in which `null` marks what to clear, down to extension
 * sub-attributes (`{ [SCIM2Schemas.Guest]: { expiration: null } }`). Every `User` is one.
 */
export type DesiredUser = NonNullable<Clearable<User>>;

/** Options of {@link diffUser}. */
export interface DiffUserOptions {
  /**
   * Also clear attributes that `desired` leaves out (by default they are left alone): `true` for every
   * compared attribute except the identity and state attributes, or a list of paths such as `"title"`, `"name"`
   * (all of it), `"name.honorificPrefix"`, `"emails"` (the secondary), `"timezone"`, an extension URN (all its
   * attributes; the guest URN removes the block, turning a guest into a full member) or `"<URN>:department"`.
   *
   * `true` never touches:
   * - `userName`, `nickName` (Slack cannot empty them: `username_empty`) and `active` (deactivation is a
   *   decision, not a missing value). Listing them, or giving them `null` in `desired`, throws a `TypeError`;
   * - `timezone`: Slack always has one (`America/Los_Angeles` by default), so clearing it means resetting it to
   *   that default, which only an explicit `"timezone"` entry or `timezone: null` does;
   * - `name.givenName` and `name.familyName` when `desired` gives neither a value (Slack refuses a user without
   *   a full name: `invalid_name_required`); `desired: { name: { givenName: "Ada" } }` does clear the family name;
   * - the guest extension (it decides member versus guest).
   * @defaultValue `false`
   */
  removeMissing?: boolean | readonly string[];
  /**
   * How photos are compared. Slack keeps the photo it was sent only as its own copy: reads show a Slack-hosted
   * avatar URL (`https://avatars.slack-edge.com/…`), never the URL sent, and until one is set a default avatar
   * (`https://a.slack-edge.com/…/img/avatars/…`, or a Gravatar URL).
   *
   * - `"auto"`: a default avatar counts as "no photo"; a desired photo is sent when the current photo is none or
   *   a non-Slack URL that differs from it; a current Slack-hosted (processed) photo counts as matching any
   *   desired photo, so a sync settles once Slack has processed the photo. To change a photo Slack already
   *   processed, use `"byValue"` once or send `replace("photos", [{ value }])`.
   * - `"byValue"`: the desired URL is sent whenever it differs from the URL Slack reads back (on Slack that is
   *   every time: the diff does not settle).
   * - `"ignore"`: photos are not compared at all.
   *
   * Only the stored photo's `value` is compared (`type` and `primary` are not).
   * @defaultValue `"auto"`
   */
  photos?: "auto" | "byValue" | "ignore";
}

/** Where an attribute lives: core or an extension kind, the attribute and an optional sub-attribute. */
export interface AttributeAddress {
  readonly kind: SchemaSpec["kind"];
  readonly attribute?: string;
  readonly subAttribute?: string;
}

/** Decides, per attribute, whether an absent desired value means "clear it". */
export type ClearPredicate = (address: AttributeAddress) => boolean;

/** Attributes Slack cannot clear or that are state rather than data: never cleared, never `null`. */
export const NOT_CLEARABLE: Readonly<Record<string, string>> = {
  userName: "Slack cannot empty userName (username_empty)",
  nickName: "Slack cannot empty nickName, which is userName (username_empty)",
  active: "active is true or false; deactivate with active: false",
};

/** Attributes `removeMissing: true` leaves alone (they can still be listed, apart from {@link NOT_CLEARABLE}). */
const KEPT_BY_REMOVE_MISSING = new Set(["timezone"]);

/** Turns {@link DiffUserOptions.removeMissing} into a predicate; list entries are checked as PATCH paths. */
export function clearPredicate(removeMissing: DiffUserOptions["removeMissing"]): ClearPredicate {
  if (removeMissing === undefined || removeMissing === false) return () => false;
  // The guest block decides member versus guest, so only an explicit path may clear it.
  if (removeMissing === true) {
    return (a) =>
      a.kind !== "guest" &&
      !(
        a.kind === "core" &&
        a.attribute !== undefined &&
        (Object.hasOwn(NOT_CLEARABLE, a.attribute) || KEPT_BY_REMOVE_MISSING.has(a.attribute))
      );
  }
  const entries: AttributeAddress[] = removeMissing.map((path) => {
    const parsed = parsePatchPath(path, { resource: "User" });
    const address: { -readonly [K in keyof AttributeAddress]: AttributeAddress[K] } = {
      kind: parsed.schema?.kind ?? "core",
    };
    if (parsed.attribute !== undefined) address.attribute = parsed.attribute;
    if (parsed.subAttribute !== undefined) address.subAttribute = parsed.subAttribute;
    if (address.kind === "core" && address.attribute !== undefined) {
      const why = NOT_CLEARABLE[address.attribute];
      if (why !== undefined) throw new TypeError(`removeMissing cannot clear ${path}: ${why}`);
    }
    return address;
  });
  return (a) =>
    entries.some(
      (e) =>
        e.kind === a.kind &&
        (e.attribute === undefined ||
          (e.attribute === a.attribute &&
            (e.subAttribute === undefined || e.subAttribute === a.subAttribute))),
    );
}

/** `null` and absence both mean "no value" on Slack's wire. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** No value at all: Slack renders a cleared string attribute as `""` (or `null`), so `""` counts as empty. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

/** The key under which `resource` carries the extension `kind` (either version's URN), if any. */
export function extensionKey(resource: JsonObject, kind: SchemaSpec["kind"]): string | undefined {
  const urns = knownSchemas.filter((s) => s.kind === kind).map((s) => s.urn.toLowerCase());
  return Object.keys(resource).find((k) => urns.includes(k.toLowerCase()) && resource[k] !== undefined);
}

/** Reads an object-valued property, or `undefined`; `null` is kept so callers can tell "clear" apart. */
export function objectOrNull(value: unknown): JsonObject | null | undefined {
  if (value === null) return null;
  return isObject(value) ? value : undefined;
}

/** Collects operations in order. */
export class OperationList {
  readonly operations: PatchOperation[] = [];

  push(op: PatchOperation["op"], path: string, value?: unknown): void {
    this.operations.push(value === undefined ? { op, path } : { op, path, value });
  }
}

/**
 * The shared rule for one simple value: absent leaves it alone (unless `clear`), `null` removes a present
 * value, anything else different is set with `setOp` on `setPath`.
 */
export function diffValue(
  out: OperationList,
  paths: { set: string; remove: string; setOp?: "add" | "replace" },
  current: unknown,
  desired: unknown,
  clear: boolean,
): void {
  if (desired === undefined && !clear) return;
  // A cleared string reads back as "" or null: clearing it again, or setting "" over null, changes nothing.
  if (isEmptyValue(desired)) {
    if (!isEmptyValue(current)) out.push("remove", paths.remove);
    return;
  }
  if (!jsonEqual(current, desired)) out.push(paths.setOp ?? "replace", paths.set, desired);
}
