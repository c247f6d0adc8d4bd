import { createHash } from "node:crypto";
import type { User } from "../models/user.js";

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    const parts: string[] = [];
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonical(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * What a user looked like: `meta.lastModified` when the server sends one, else a hash of its attributes. Group
 * memberships (changed through groups), the photo (Slack processes it asynchronously) and `meta` are left out, so
 * only a change to the person's own attributes counts.
 */
export function pinOf(user: User): string {
  const lastModified = user.meta?.["lastModified"];
  if (typeof lastModified === "string" && lastModified !== "") return `lastModified:${lastModified}`;
  const { groups: _groups, photos: _photos, meta: _meta, ...rest } = user;
  return `sha256:${createHash("sha256").update(canonical(rest)).digest("hex").slice(0, 32)}`;
}

/** A stable SHA-256 (hex) of any JSON value, key order ignored. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex");
}
