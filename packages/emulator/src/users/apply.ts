import { badRequest } from "../errors.js";
import type { FilterNode } from "../filter/grammar.js";
import type { JSONObject } from "../json.js";
import { type PatchPath, parsePath } from "../patch/path.js";
import { declaresExtension } from "../rules/extensions.js";
import type { AttributeRule, ClearTarget, SetTarget } from "../rules/rule.js";
import { attributeRules, pathKey, tableKey } from "../rules/table.js";
import type { UserRecord } from "../store/records.js";

/** What a write needs from the org. */
export interface WriteContext {
  /** Resolves a `managerId` given as id, email or userName to a user id (unknown references are echoed). */
  resolveManager(ref: string): string;
}

const order = new Map([...attributeRules.keys()].map((key, i) => [key, i]));

/**
 * The attributes of a resource body (POST, PUT, a 1.1 PATCH) by table key; unknown keys are left out. The profile
 * block counts only with its URN in `schemas`, as Slack reads it.
 */
export function bodyAttributes(body: JSONObject): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const keys = Object.keys(body)
    .map((key) => [key, tableKey(key)] as const)
    .filter(([, key]) => order.has(key) && (key !== "ext:profile" || declaresExtension(body, "profile")))
    .sort(([, a], [, b]) => (order.get(a) as number) - (order.get(b) as number));
  for (const [key, table] of keys) out.set(table, body[key]);
  return out;
}

/** One path-less PatchOp entry (`{"name.givenName": "Ada"}`), with its rule. */
export interface PathAssignment {
  /** The attribute's rule. */
  rule: AttributeRule;
  /** Its table key. */
  key: string;
  /** The key read as a path (`name.givenName`). */
  path: PatchPath;
  /** The value to set. */
  value: unknown;
}

/** The entries of a 2.0 path-less operation's value, each key read as a path, in table order; unknown keys are 400. */
export function pathAttributes(value: JSONObject): PathAssignment[] {
  return Object.entries(value)
    .map(([raw, v]) => {
      const path = parsePath(raw);
      const key = pathKey(path);
      const rule = attributeRules.get(key);
      if (!rule) throw badRequest("invalid_request_payload");
      return { rule, key, path, value: v };
    })
    .sort((a, b) => (order.get(a.key) as number) - (order.get(b.key) as number));
}

/** Where a path lands: an extension path's field (`manager.managerid`), or a core path's sub-attribute and filter. */
export function pathTarget(path: PatchPath): { sub?: string; filter?: FilterNode } {
  if (path.ext) return { sub: path.sub ? `${path.attr}.${path.sub}` : path.attr };
  const out: { sub?: string; filter?: FilterNode } = {};
  if (path.sub !== undefined) out.sub = path.sub;
  if (path.filter) out.filter = path.filter;
  return out;
}

/** A set target for a write. */
export function setTarget(
  from: SetTarget["from"],
  op: SetTarget["op"],
  siblings: ReadonlySet<string>,
  ctx: WriteContext,
  path?: PatchPath,
): SetTarget {
  return { from, op, siblings, resolveManager: ctx.resolveManager, ...(path ? pathTarget(path) : {}) };
}

/**
 * Removes what a path names (2.0 `remove`, 1.1 `meta.attributes`). An attribute that cannot be removed, or an
 * unknown one, is 400 `invalid_request_payload` when `strict` (2.0) and ignored otherwise (1.1).
 */
export function clearPath(user: UserRecord, path: PatchPath, strict: boolean): void {
  const rule = attributeRules.get(pathKey(path));
  if (!rule?.clear) {
    if (strict) throw badRequest("invalid_request_payload");
    return;
  }
  const at: ClearTarget = { strict, ...pathTarget(path) };
  rule.clear(user, at);
}
