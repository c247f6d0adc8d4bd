import { isObject, type JsonObject } from "../core/json.js";
import type { DiffUserOptions, OperationList } from "./diff-common.js";

const truthy = (v: unknown): boolean => v === true || (typeof v === "string" && v.toLowerCase() === "true");
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** The entry Slack stores from a list: the `primary: true` one, else the first (strings act as `{ value }`). */
function storedEntry(list: unknown): JsonObject | undefined {
  const entries = (Array.isArray(list) ? list : isObject(list) ? [list] : [])
    .map((e) => (typeof e === "string" ? { value: e } : e))
    .filter(isObject);
  return entries.find((e) => truthy(e["primary"])) ?? entries[0];
}

/** The one role Slack stores: `"X"` and `{ value: "X", primary: true }` are the same role; blank is none. */
export function storedRole(list: unknown): string | undefined {
  return text(storedEntry(list)?.["value"]);
}

const ADDRESS_MEMBERS = ["streetAddress", "locality", "region", "postalCode", "country"] as const;

/**
 * The one address Slack stores, as its five members (`null` when blank or absent; `type`, `primary` and
 * other members are not stored), or `undefined` when it has no value at all.
 */
export function storedAddress(list: unknown): Record<string, string | null> | undefined {
  const entry = storedEntry(list);
  if (entry === undefined) return undefined;
  const address = Object.fromEntries(ADDRESS_MEMBERS.map((k) => [k, text(entry[k]) ?? null]));
  return Object.values(address).some((v) => v !== null) ? address : undefined;
}

const SLACK_HOST = /(^|\.)(slack-edge\.com|slack\.com|slack-files\.com|slack-imgs\.com)$/i;
const GRAVATAR_HOST = /(^|\.)gravatar\.com$/i;

/** What a photo list holds as Slack sees it: nothing (or Slack's default avatar), Slack's own copy, or a URL. */
export type PhotoState = { kind: "none" } | { kind: "slack"; value: string } | { kind: "url"; value: string };

/**
 * Classifies the stored photo: Slack's default avatars (`…slack-edge.com/…/img/avatars/…`, Gravatar) count as
 * no photo; other URLs on Slack's hosts are Slack's processed copy of a photo it was sent.
 */
export function storedPhoto(list: unknown): PhotoState {
  const value = text(storedEntry(list)?.["value"]);
  if (value === undefined) return { kind: "none" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: "url", value };
  }
  if (GRAVATAR_HOST.test(url.hostname)) return { kind: "none" };
  if (SLACK_HOST.test(url.hostname)) {
    return /\/img\/avatars\//i.test(url.pathname) ? { kind: "none" } : { kind: "slack", value };
  }
  return { kind: "url", value };
}

/**
 * One of Slack's single-value lists (`roles`, `addresses`): compared in the form Slack stores, set with a
 * `replace` of the desired list as given, removed with a `remove` on the attribute.
 */
export function diffStoredValue(
  out: OperationList,
  attribute: "roles" | "addresses",
  current: unknown,
  desired: unknown,
  clear: boolean,
): void {
  if (desired === undefined && !clear) return;
  const read = attribute === "roles" ? storedRole : storedAddress;
  const cur = read(current);
  const des = desired === undefined ? undefined : read(desired);
  if (des === undefined) {
    if (cur !== undefined) out.push("remove", attribute);
    return;
  }
  if (JSON.stringify(cur) !== JSON.stringify(des)) out.push("replace", attribute, desired);
}

/** Photos, compared as {@link DiffUserOptions.photos} says. */
export function diffPhotos(
  out: OperationList,
  current: unknown,
  desired: unknown,
  clear: boolean,
  mode: NonNullable<DiffUserOptions["photos"]>,
): void {
  if (mode === "ignore" || (desired === undefined && !clear)) return;
  const cur = storedPhoto(current);
  const des = desired === undefined ? ({ kind: "none" } as const) : storedPhoto(desired);
  if (des.kind === "none") {
    if (cur.kind !== "none") out.push("remove", "photos");
    return;
  }
  if (cur.kind !== "none" && cur.value === des.value) return;
  if (mode === "auto" && cur.kind === "slack") return;
  out.push("replace", "photos", desired);
}
