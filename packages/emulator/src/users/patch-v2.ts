import { badRequest } from "../errors.js";
import { isObject } from "../json.js";
import { type PatchOperation, patchOperations } from "../patch/operations.js";
import { parsePath } from "../patch/path.js";
import type { UserRecord } from "../store/records.js";
import { type AttributeContext, removeAttribute, setAttribute } from "./attributes.js";
import { extensionOf } from "./extensions.js";
import { checkFullName } from "./names.js";

/**
 * Applies a SCIM 2.0 PatchOp body to `user` in place. Operations without `path` take an attribute map, as RFC
 * 7644 allows; `op` is case-insensitive.
 */
export function patchUserV2(user: UserRecord, body: unknown, ctx: AttributeContext): void {
  let nameTouched = false;
  for (const op of patchOperations(body)) {
    if (op.path === undefined) {
      if (op.op === "remove" || !isObject(op.value)) throw badRequest("invalid_request_payload");
      for (const [key, value] of Object.entries(op.value)) {
        if (key === "schemas") continue;
        const ext = extensionOf(key);
        nameTouched ||= key === "name";
        setAttribute(user, ext ? { ext, attr: "" } : parsePath(key), value, ctx);
      }
      continue;
    }
    const path = parsePath(op.path);
    nameTouched ||= path.attr === "name" && !path.ext;
    apply(user, op, path, ctx);
  }
  if (nameTouched) checkFullName(user.givenName, user.familyName, user.userName);
}

function apply(
  user: UserRecord,
  op: PatchOperation,
  path: ReturnType<typeof parsePath>,
  ctx: AttributeContext,
) {
  if (op.op === "remove") removeAttribute(user, path, true);
  else setAttribute(user, path, op.value, ctx, op.op);
}
