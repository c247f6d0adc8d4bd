import { hash } from "node:crypto";
import type { User } from "../models/user.js";

const left = ["groups", "photos", "meta"] as const;

/**
 * What a user looked like: `meta.lastModified` when the server sends one, else a hash of its attributes. Group
 * memberships (changed through groups), the photo (Slack processes it asynchronously) and `meta` are left out, so
 * only a change to the person's own attributes counts. The server renders an unchanged user the same way each
 * time, key order included, so its JSON stands for its content.
 */
export function pinOf(user: User): string {
  const lastModified = user.meta?.["lastModified"];
  if (typeof lastModified === "string" && lastModified !== "") return `lastModified:${lastModified}`;
  // Left out by blanking them for the moment (JSON skips undefined), which is much faster than copying the rest.
  const record = user as Record<string, unknown>;
  const saved = left.map((key) => [key, Object.hasOwn(record, key), record[key]] as const);
  for (const key of left) record[key] = undefined;
  let json: string;
  try {
    json = JSON.stringify(record);
  } finally {
    for (const [key, own, value] of saved) {
      if (own) record[key] = value;
      else delete record[key];
    }
  }
  return `sha256:${hash("sha256", json).slice(0, 32)}`;
}
