import type { FilterNode } from "../filter/grammar.js";
import type { JSONObject } from "../json.js";
import type { UserRecord } from "../store/records.js";

/** Where a write lands on an attribute, and how it came. */
export interface SetTarget {
  /**
   * `resource`: a body that describes the user (POST, PUT, a SCIM 1.1 PATCH); `operation`: one SCIM 2.0 PatchOp
   * operation (emails then merge into what is stored, as Slack does).
   */
  from: "resource" | "operation";
  /** The PatchOp `op`; a resource body counts as `replace`. */
  op: "add" | "replace";
  /**
   * Inside the attribute, lower-cased: a core attribute's sub-attribute (`givenname`), or an extension block's
   * field (`employeenumber`, `manager.managerid`; `""` for the whole block).
   */
  sub?: string;
  /** The path's value filter (`emails[type eq "work"]`). */
  filter?: FilterNode;
  /** Table keys of the other attributes the same body (or path-less operation) carries. */
  siblings: ReadonlySet<string>;
  /** Resolves a `managerId` given as id, email or userName to a user id (unknown references are echoed). */
  resolveManager(ref: string): string;
}

/** What a removal (2.0 `remove`, 1.1 `meta.attributes`) names. */
export interface ClearTarget {
  /** As in {@link SetTarget.sub}. */
  sub?: string;
  /** The path's value filter. */
  filter?: FilterNode;
  /** 2.0 refuses a field it does not know (400); 1.1 ignores it. */
  strict: boolean;
}

/**
 * Slack's rules for one user attribute. Every write is made of these: POST is a blank user plus `set` for each
 * attribute sent; PUT the same, keeping what Slack keeps; a 1.1 PATCH `clear`s its `meta.attributes`, then `set`s
 * (or deletes entries of) each attribute sent; a 2.0 PatchOp `set`s or `clear`s one path per operation.
 */
export interface AttributeRule {
  /** Writes a value; throws Slack's error for a value Slack refuses. */
  set(user: UserRecord, value: unknown, at: SetTarget): void;
  /** Empties the attribute (or the part `at` names). Without it the attribute cannot be removed. */
  clear?(user: UserRecord, at: ClearTarget): void;
  /** A multi-valued attribute's entries as a 1.1 PATCH sends them (checked). */
  entries?(value: unknown): JSONObject[];
  /** Applies 1.1 entries marked `"operation": "delete"`: each removes the stored value it names. */
  deleteEntries?(user: UserRecord, entries: readonly JSONObject[]): void;
  /** Whole-resource writes need it: when omitted, `set` runs with `undefined` to raise Slack's "missing" error. */
  required?: boolean;
  /** A `null` in a whole-resource body is a value to check, not an omission (`active: null` is refused). */
  nullIsValue?: boolean;
  /** POST ignores it (a password on create). */
  ignoredOnCreate?: boolean;
  /** What POST fills in when the attribute is omitted (the blank user's value otherwise). */
  created?(user: UserRecord): void;
  /** What a PUT that omits the attribute keeps of the stored user (it is cleared otherwise). */
  keep?(user: UserRecord, stored: UserRecord): void;
}
