import { badRequest, EmulatorHTTPError } from "../errors.js";
import { isObject, type JSONObject } from "../json.js";
import { parsePath } from "../patch/path.js";
import type { UserRecord } from "../store/records.js";
import { type AttributeContext, removeAttribute, setAttribute } from "./attributes.js";
import { requireSchemas } from "./build.js";
import { declaresExtension, type ExtensionName, extensionURNs } from "./extensions.js";
import { checkFullName, normalizeUserName } from "./names.js";
import {
  assertOnePrimary,
  entriesOf,
  pickAddress,
  pickEmails,
  pickPhones,
  pickRole,
  sameAddress,
} from "./slots.js";

const isDelete = (e: JSONObject) => String(e["operation"] ?? "").toLowerCase() === "delete";

/**
 * Applies a SCIM 1.1 PATCH (a partial resource) to `user` in place: `meta.attributes` removals first, then every
 * attribute present; multi-valued entries with `"operation": "delete"` remove that value.
 */
export function patchUserV1(user: UserRecord, body: JSONObject, ctx: AttributeContext): void {
  requireSchemas(body);
  if (body["password"] !== undefined) throw badRequest("password_change_not_allowed");
  const meta = body["meta"];
  if (isObject(meta) && Array.isArray(meta["attributes"])) {
    for (const path of meta["attributes"]) {
      if (typeof path === "string") removeAttribute(user, parsePath(path), false);
    }
  }
  const nameTouched = isObject(body["name"]);
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case "schemas":
      case "meta":
        continue;
      case "userName":
      case "nickName":
        // When both are sent, userName wins (it is applied last).
        if (key === "nickName" && body["userName"] !== undefined) normalizeUserName(value, "nickName");
        else setAttribute(user, { attr: key.toLowerCase() }, value, ctx);
        continue;
      case "emails":
        patchEmails(user, value);
        continue;
      case "phoneNumbers":
        patchPhones(user, value);
        continue;
      case "addresses":
        patchAddresses(user, value);
        continue;
      case "roles":
        patchRoles(user, value);
        continue;
    }
    const ext = Object.entries(extensionURNs).find(([, urns]) => urns.includes(key));
    if (ext) {
      const name = ext[0] as ExtensionName;
      // Slack reads the profile block only when its URN is in `schemas` (docs/behaviour.md).
      if (name !== "profile" || declaresExtension(body, name))
        setAttribute(user, { ext: name, attr: "" }, value, ctx);
      continue;
    }
    try {
      setAttribute(user, { attr: key.toLowerCase() }, value, ctx);
    } catch (error) {
      // 1.1 ignores attributes it does not know rather than failing the request.
      if (!(error instanceof EmulatorHTTPError && error.code === "invalid_request_payload")) throw error;
    }
  }
  if (body["userName"] !== undefined) setAttribute(user, { attr: "username" }, body["userName"], ctx);
  if (nameTouched) checkFullName(user.givenName, user.familyName, user.userName);
}

function patchEmails(user: UserRecord, value: unknown): void {
  const entries = entriesOf(value, "emails_invalid");
  let primaryRemoved = false;
  for (const entry of entries.filter(isDelete)) {
    const email = String(entry["value"] ?? "").toLowerCase();
    if (email === user.primaryEmail.toLowerCase()) primaryRemoved = true;
    else if (email === user.secondaryEmail?.toLowerCase()) user.secondaryEmail = null;
  }
  const adds = entries.filter((e) => !isDelete(e));
  assertOnePrimary(adds);
  if (adds.length > 0) {
    // Slack's selection rule applies to the sent list: primary, else work, else first; the next is secondary.
    const picked = pickEmails(adds);
    user.primaryEmail = picked.primary;
    if (picked.secondary !== null) user.secondaryEmail = picked.secondary;
    primaryRemoved = false;
  }
  if (primaryRemoved) throw badRequest("missing_primary_email");
  if (user.secondaryEmail?.toLowerCase() === user.primaryEmail.toLowerCase()) user.secondaryEmail = null;
}

function patchPhones(user: UserRecord, value: unknown): void {
  const entries = entriesOf(value, "phoneNumbers_invalid");
  for (const entry of entries.filter(isDelete)) {
    const number = String(entry["value"] ?? "");
    if (user.primaryPhone === number) user.primaryPhone = null;
    if (user.mobilePhone === number) user.mobilePhone = null;
  }
  const adds = entries.filter((e) => !isDelete(e));
  if (adds.length === 0) return;
  const slots = pickPhones(adds);
  if (slots.primary !== undefined) user.primaryPhone = slots.primary;
  if (slots.mobile !== undefined) user.mobilePhone = slots.mobile;
}

function patchAddresses(user: UserRecord, value: unknown): void {
  const entries = entriesOf(value, "addresses_invalid");
  for (const entry of entries.filter(isDelete)) if (sameAddress(user.address, entry)) user.address = null;
  const adds = entries.filter((e) => !isDelete(e));
  if (adds.length > 0) user.address = pickAddress(adds);
}

function patchRoles(user: UserRecord, value: unknown): void {
  const list = (Array.isArray(value) ? value : [value]).map((v) =>
    typeof v === "string" ? { value: v } : v,
  );
  for (const entry of list) if (!isObject(entry)) throw badRequest("roles_invalid");
  const entries = list as JSONObject[];
  // Like the other multi-valued attributes, a delete names the value it removes.
  if (entries.some((e) => isDelete(e) && e["value"] === user.role)) user.role = null;
  const adds = entries.filter((e) => !isDelete(e));
  if (adds.length > 0) user.role = pickRole(adds);
}
