import type { JSONObject } from "../json.js";
import { requireSchemas } from "../rules/body.js";
import { attributeRules, blankUser } from "../rules/table.js";
import type { UserRecord } from "../store/records.js";
import { bodyAttributes, setTarget, type WriteContext } from "./apply.js";

/**
 * Builds the full user a `POST` (no `stored`) or a `PUT` (the `stored` user) describes: a blank user, then each
 * attribute the body sends through its rule. An omitted attribute stays blank, except that `userName` and `emails`
 * are required, a create without `name` takes its display name (else its username) as given name, and PUT keeps
 * what Slack keeps (`active`, `name`; the id, `externalId`, creation time and admin, owner and single-channel
 * guest flags never change). The caller then runs `checkUser`.
 */
export function userFromBody(
  body: JSONObject,
  identity: Pick<UserRecord, "id" | "created" | "externalId">,
  stored: UserRecord | null,
  ctx: WriteContext,
): UserRecord {
  requireSchemas(body);
  const user = blankUser(identity);
  if (stored?.admin) user.admin = true;
  if (stored?.primaryOwner) user.primaryOwner = true;
  const values = bodyAttributes(body);
  const at = setTarget("resource", "replace", new Set(values.keys()), ctx);
  for (const [key, rule] of attributeRules) {
    const value = values.get(key);
    if (value !== undefined && (value !== null || rule.nullIsValue)) {
      if (stored || !rule.ignoredOnCreate) rule.set(user, value, at);
    } else if (rule.required) rule.set(user, undefined, at);
    else if (stored) rule.keep?.(user, stored);
    else rule.created?.(user);
  }
  if (stored?.ultraRestricted && !user.guest) user.ultraRestricted = true;
  return user;
}
