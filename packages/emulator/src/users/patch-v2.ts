import { badRequest } from "../errors.js";
import { isObject } from "../json.js";
import { patchOperations } from "../patch/operations.js";
import { parsePath } from "../patch/path.js";
import { attributeRules, pathKey } from "../rules/table.js";
import type { UserRecord } from "../store/records.js";
import { clearPath, pathAttributes, setTarget, type WriteContext } from "./apply.js";

const none: ReadonlySet<string> = new Set();

/**
 * Applies a SCIM 2.0 PatchOp body to `user` in place, one operation after the other, through the same attribute
 * rules as every other write. Operations without `path` take an attribute map, as RFC 7644 allows; `op` is
 * case-insensitive. The caller then runs `checkUser`.
 */
export function patchUserV2(user: UserRecord, body: unknown, ctx: WriteContext): void {
  for (const op of patchOperations(body)) {
    if (op.path === undefined) {
      if (op.op === "remove" || !isObject(op.value)) throw badRequest("invalid_request_payload");
      const assignments = pathAttributes(op.value);
      const siblings = new Set(assignments.map((a) => a.key));
      for (const a of assignments)
        a.rule.set(user, a.value, setTarget("operation", op.op, siblings, ctx, a.path));
      continue;
    }
    const path = parsePath(op.path);
    if (op.op === "remove") {
      clearPath(user, path, true);
      continue;
    }
    const rule = attributeRules.get(pathKey(path));
    if (!rule) throw badRequest("invalid_request_payload");
    rule.set(user, op.value, setTarget("operation", op.op, none, ctx, path));
  }
}
