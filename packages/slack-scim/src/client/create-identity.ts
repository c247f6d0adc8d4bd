/** Who a create was for: the lookups that find it again, and whether what they find is the one it made. */
import { scimFilter } from "../filter/scim-filter.js";
import type { Lookup } from "./safe-create.js";

/** `Date` header → the server's clock minus ours (second precision); `undefined` when absent. @internal */
export function clockOffset(dateHeader: string | undefined, receivedAt: number): number | undefined {
  const server = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
  return Number.isNaN(server) ? undefined : server - receivedAt;
}

/**
 * A `userName` as Slack stores it: lower-cased, characters other than letters, digits, `.`, `_` and `-` turned
 * into `_` (lower-casing shows in https://docs.slack.dev/reference/scim-api examples; the `_` rule is our
 * reading). A name given as an email is rewritten by rules Slack does not publish: `undefined`.
 *
 * @internal
 */
export function slackUserName(userName: unknown): string | undefined {
  if (typeof userName !== "string" || userName === "" || userName.includes("@")) return undefined;
  return userName.toLowerCase().replace(/[^a-z0-9._-]/g, "_");
}

/** Lookups for a user: `userName` as Slack stores it, then each email (primary first). @internal */
export function userLookups<T extends { userName?: string; emails?: { value?: string }[] }>(user: {
  userName?: unknown;
  emails?: unknown;
}): Lookup<T>[] {
  const lookups: Lookup<T>[] = [];
  const userName = slackUserName(user.userName);
  if (userName !== undefined) {
    lookups.push({
      filter: scimFilter`userName eq ${userName}`,
      matches: (found) => found.userName?.toLowerCase() === userName,
    });
  }
  const emails = Array.isArray(user.emails) ? (user.emails as { value?: unknown; primary?: unknown }[]) : [];
  const ordered = [
    ...emails.filter((e) => e?.primary === true),
    ...emails.filter((e) => e?.primary !== true),
  ];
  for (const email of ordered) {
    const value = email?.value;
    if (typeof value !== "string" || value === "") continue;
    const wanted = value.toLowerCase();
    lookups.push({
      filter: scimFilter`email eq ${value}`,
      matches: (found) => found.emails?.some((e) => e.value?.toLowerCase() === wanted) ?? false,
    });
  }
  return lookups;
}

/** The lookup for a group: `displayName`. @internal */
export function groupLookups<T extends { displayName?: string }>(group: {
  displayName?: unknown;
}): Lookup<T>[] {
  const name = group.displayName;
  if (typeof name !== "string" || name === "") return [];
  const wanted = name.toLowerCase();
  return [
    {
      filter: scimFilter`displayName eq ${name}`,
      matches: (found) => found.displayName?.toLowerCase() === wanted,
    },
  ];
}

/**
 * Whether `meta.created` is at or after the call's start by the server's clock. Both clocks are read to the
 * second, so two seconds of tolerance; without a `Date` header to relate them, a minute.
 */
function createdDuringCall(meta: unknown, startedAt: number, clockOffsetMs: number | undefined): boolean {
  const created = (meta as { created?: unknown } | undefined)?.created;
  const at = typeof created === "string" ? Date.parse(created) : Number.NaN;
  if (Number.isNaN(at)) return true;
  const tolerance = clockOffsetMs === undefined ? 60_000 : 2_000;
  return at >= startedAt + (clockOffsetMs ?? 0) - tolerance;
}

function lowerValues(list: unknown): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    const value = (entry as { value?: unknown } | null)?.value;
    if (typeof value === "string" && value !== "") out.add(value.toLowerCase());
  }
  return out;
}

/** The email Slack makes primary: the one marked `primary: true`, else the first. */
function primaryEmail(emails: unknown): string | undefined {
  if (!Array.isArray(emails)) return undefined;
  const list = emails as { value?: unknown; primary?: unknown }[];
  const value = (list.find((e) => e?.primary === true) ?? list[0])?.value;
  return typeof value === "string" && value !== "" ? value.toLowerCase() : undefined;
}

/**
 * Whether `found` is the user a create of `wanted` made: created during the call (by the server's clock), with
 * the requested `userName` as Slack stores it (lower case, specials as `_`; one given as an email is not
 * compared) and the requested primary email. A user that already held the name, or holds only the email, is someone else's.
 *
 * @internal
 */
export function madeByUserCreate(
  wanted: { userName?: unknown; emails?: unknown },
  startedAt: number,
): (
  found: { userName?: string; emails?: unknown; meta?: unknown },
  clockOffsetMs: number | undefined,
) => boolean {
  const userName = slackUserName(wanted.userName);
  const email = primaryEmail(wanted.emails);
  return (found, clockOffsetMs) => {
    if (!createdDuringCall(found.meta, startedAt, clockOffsetMs)) return false;
    if (userName !== undefined && found.userName?.toLowerCase() !== userName) return false;
    return email === undefined || lowerValues(found.emails).has(email);
  };
}

/**
 * Whether `found` is the group a create of `wanted` made: created during the call, same `displayName`, and
 * exactly the requested members (Slack does not keep group names unique).
 *
 * @internal
 */
export function madeByGroupCreate(
  wanted: { displayName?: unknown; members?: unknown },
  startedAt: number,
): (
  found: { displayName?: string; members?: unknown; meta?: unknown },
  clockOffsetMs: number | undefined,
) => boolean {
  const name = typeof wanted.displayName === "string" ? wanted.displayName.toLowerCase() : undefined;
  const members = lowerValues(wanted.members);
  return (found, clockOffsetMs) => {
    if (!createdDuringCall(found.meta, startedAt, clockOffsetMs)) return false;
    const foundMembers = lowerValues(found.members);
    return (
      found.displayName?.toLowerCase() === name &&
      foundMembers.size === members.size &&
      [...members].every((member) => foundMembers.has(member))
    );
  };
}
