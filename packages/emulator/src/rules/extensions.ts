import { SCIM1Schemas, SCIM2Schemas } from "slack-scim";
import { badRequest, EmulatorHTTPError } from "../errors.js";
import { isObject, type JSONObject } from "../json.js";
import type { EnterpriseRecord, GuestRecord } from "../store/records.js";
import { emptyEnterprise } from "../store/records.js";
import { profileValue } from "./values.js";

/** The extension blocks Slack knows, by short name. */
export type ExtensionName = "enterprise" | "guest" | "profile";

/** Both versions' URNs of each extension (either is accepted on either version, leniently). */
export const extensionURNs: Readonly<Record<ExtensionName, readonly [string, string]>> = {
  enterprise: [SCIM1Schemas.Enterprise, SCIM2Schemas.Enterprise],
  guest: [SCIM1Schemas.Guest, SCIM2Schemas.Guest],
  profile: [SCIM1Schemas.Profile, SCIM2Schemas.Profile],
};

/** Which extension a URN names, if any (case-insensitive). */
export function extensionOf(urn: string): ExtensionName | undefined {
  const lower = urn.toLowerCase();
  for (const [name, urns] of Object.entries(extensionURNs) as [ExtensionName, readonly string[]][]) {
    if (urns.some((u) => u.toLowerCase() === lower)) return name;
  }
  return undefined;
}

/**
 * Whether the body's `schemas` lists the extension's URN (either version's, any case; nested lists, as the Python
 * SDK sends them, count). Slack reads the profile block only then.
 */
export function declaresExtension(body: JSONObject, name: ExtensionName): boolean {
  const listed = [body["schemas"]].flat(Number.POSITIVE_INFINITY);
  return listed.some((urn) => typeof urn === "string" && extensionOf(urn) === name);
}

const enterpriseKeys = ["employeeNumber", "costCenter", "organization", "division", "department"] as const;

/**
 * Merges an enterprise block into `base` (partial update). `manager` must carry `managerId`; the id may be a
 * user id, an email or a userName, resolved by `resolveManager`.
 */
export function mergeEnterprise(
  block: unknown,
  base: EnterpriseRecord | null,
  resolveManager: (ref: string) => string,
): EnterpriseRecord {
  if (!isObject(block)) throw badRequest("invalid_attribute_format");
  const out = base ? { ...base } : emptyEnterprise();
  for (const key of enterpriseKeys) if (key in block) out[key] = profileValue(block[key]);
  if ("manager" in block) {
    const manager = block["manager"];
    if (manager === null) out.managerId = null;
    else if (!isObject(manager) || !("managerId" in manager))
      throw badRequest("improper_enterprise_schema_format");
    else out.managerId = managerRef(manager["managerId"], resolveManager);
  }
  return out;
}

/** A `managerId` value resolved to a user id where possible. */
export function managerRef(value: unknown, resolveManager: (ref: string) => string): string | null {
  const ref = profileValue(value);
  return ref === null ? null : resolveManager(ref);
}

/** True when every enterprise field is empty. */
export function enterpriseEmpty(e: EnterpriseRecord | null): boolean {
  return !e || (enterpriseKeys.every((k) => e[k] === null) && e.managerId === null);
}

/** Parses a guest block: `type` must be `"multi"`; `expiration` optional. */
export function parseGuest(block: unknown, base: GuestRecord | null, isAdmin: boolean): GuestRecord {
  if (!isObject(block)) throw badRequest("invalid_attribute_format");
  if (isAdmin) throw new EmulatorHTTPError(400, "cannot_make_user_guest");
  const type = block["type"] ?? base?.type;
  if (type !== "multi") throw badRequest("invalid_request_payload");
  const guest: GuestRecord = { type: "multi" };
  const expiration = "expiration" in block ? profileValue(block["expiration"]) : (base?.expiration ?? null);
  if (expiration !== null) {
    if (Number.isNaN(Date.parse(expiration))) throw badRequest("invalid_attribute_format");
    guest.expiration = expiration;
  }
  if (base?.channels) guest.channels = base.channels;
  return guest;
}

/** Reads `startDate` from a profile block. */
export function parseProfile(block: unknown): string | null {
  if (!isObject(block)) throw badRequest("invalid_attribute_format");
  return profileValue(block["startDate"]);
}
