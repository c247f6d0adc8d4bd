import type { User } from "../models/user.js";
import { knownSchemas, type SchemaSpec } from "./catalogue.js";
import { isObject, type JsonObject, jsonEqual } from "./match.js";
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
   * compared attribute outside the guest extension, or a list of paths such as `"title"`, `"name"` (all of it),
   * `"name.honorificPrefix"`, `"emails"` (the secondary), an extension URN (all its attributes; the guest URN
   * removes the block, turning a guest into a full member) or `"<URN>:department"`.
   * @defaultValue `false`
   */
  removeMissing?: boolean | readonly string[];
}

/** Where an attribute lives: core or an extension kind, the attribute and an optional sub-attribute. */
export interface AttributeAddress {
  readonly kind: SchemaSpec["kind"];
  readonly attribute?: string;
  readonly subAttribute?: string;
}

/** Decides, per attribute, whether an absent desired value means "clear it". */
export type ClearPredicate = (address: AttributeAddress) => boolean;

/** Turns {@link DiffUserOptions.removeMissing} into a predicate; list entries are checked as PATCH paths. */
export function clearPredicate(removeMissing: DiffUserOptions["removeMissing"]): ClearPredicate {
  if (removeMissing === undefined || removeMissing === false) return () => false;
  // The guest block decides member versus guest, so only an explicit path may clear it.
  if (removeMissing === true) return (a) => a.kind !== "guest";
  const entries: AttributeAddress[] = removeMissing.map((path) => {
    const parsed = parsePatchPath(path, { resource: "User" });
    const address: { -readonly [K in keyof AttributeAddress]: AttributeAddress[K] } = {
      kind: parsed.schema?.kind ?? "core",
    };
    if (parsed.attribute !== undefined) address.attribute = parsed.attribute;
    if (parsed.subAttribute !== undefined) address.subAttribute = parsed.subAttribute;
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
