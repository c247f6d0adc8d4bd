import { hash } from "node:crypto";
import type { User } from "../models/user.js";

const enterpriseKeys = [
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  "urn:scim:schemas:extension:enterprise:1.0",
] as const;
const enterpriseFields = ["employeeNumber", "costCenter", "organization", "division", "department"] as const;

function text(value: unknown): string {
  return typeof value === "string"
    ? value
    : value === undefined || value === null
      ? ""
      : JSON.stringify(value);
}

/**
 * What a user looked like, for the attributes a sync plans: `meta.lastModified` when the server sends one (Slack
 * does not), else a hash of the user's identity and every attribute a record can set (`userName`, `active`, the
 * name, display name and title, both emails and both phones, `externalId`, the enterprise fields and the
 * manager). A change to any of them after the plan means the plan's step for that user is stale; a change to
 * anything else (a photo Slack processes late, a time zone the person set) does not.
 */
export function pinOf(user: User): string {
  const lastModified = user.meta?.["lastModified"];
  if (typeof lastModified === "string" && lastModified !== "") return `lastModified:${lastModified}`;
  const parts: string[] = [
    text(user.id),
    text(user.userName),
    String(user.active !== false),
    text(user.name?.givenName),
    text(user.name?.familyName),
    text(user.displayName),
    text(user.title),
    text(user.externalId),
  ];
  for (const email of user.emails ?? []) parts.push(`e:${text(email?.value)}:${email?.primary === true}`);
  for (const phone of user.phoneNumbers ?? []) {
    parts.push(`p:${text(phone?.value)}:${phone?.primary === true}:${text(phone?.type)}`);
  }
  for (const key of enterpriseKeys) {
    const block = user[key] as Record<string, unknown> | null | undefined;
    if (typeof block !== "object" || block === null) continue;
    for (const field of enterpriseFields) parts.push(text(block[field]));
    parts.push(text((block["manager"] as { managerId?: unknown } | null | undefined)?.managerId));
  }
  return `sha256:${hash("sha256", parts.join("\u001f")).slice(0, 32)}`;
}
