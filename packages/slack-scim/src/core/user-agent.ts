import { release, type } from "node:os";
import { packageVersion } from "./version.js";

/** `slack-scim/<version> node/<version> <os>/<release>`, with the caller's prefix and suffix around it. */
export function userAgent(prefix?: string, suffix?: string): string {
  const core = `slack-scim/${packageVersion} node/${process.versions.node} ${type().toLowerCase()}/${release()}`;
  return [prefix, core, suffix].filter((part) => part !== undefined && part !== "").join(" ");
}
