import { enterpriseEmpty } from "../rules/extensions.js";
import type { EmulatorStore } from "../store/memory-store.js";
import type { UserRecord } from "../store/records.js";
import type { SCIMVersion } from "../version.js";

/** What rendering needs besides the record. */
export interface RenderContext {
  /** Absolute base URL of the version, without trailing slash (`http://127.0.0.1:8787/scim/v2`). */
  base: string;
  /** For `groups` and group member names. */
  store: EmulatorStore;
  /** Org subdomain for `profileUrl`. */
  orgDomain: string;
  /** The `active` reads show (a deactivation can show up late); the stored value when absent. */
  activeShown?: (user: UserRecord) => boolean;
  /** The photo reads show (a new photo can show up late); the stored one when absent. */
  photoShown?: (user: UserRecord) => string | null;
}

/** The avatar Slack returns until a photo is set (photo processing is asynchronous). */
export const defaultPhoto = "https://a.slack-edge.com/80588/img/avatars/ava_0001-192.png";

/**
 * True when a user carries extended profile data; Slack then renders every extended attribute (with `null`
 * for empty ones), otherwise none of them (docs/behaviour.md, Users: representation).
 */
export function isFull(u: UserRecord): boolean {
  return (
    (u.address !== null && Object.values(u.address).some((v) => v !== null)) ||
    u.primaryPhone !== null ||
    u.mobilePhone !== null ||
    u.userType !== null ||
    u.role !== null ||
    u.preferredLanguage !== null ||
    u.locale !== null ||
    u.honorificPrefix !== null ||
    u.startDate !== null ||
    !enterpriseEmpty(u.enterprise)
  );
}

/** A user's display for group member lists: the full name, else the display name, else the userName. */
export function memberDisplay(u: UserRecord): string {
  return `${u.givenName} ${u.familyName}`.trim() || u.displayName || u.userName;
}

/** Renders a user in the version's wire shape and Slack's key order. */
export function renderUser(u: UserRecord, version: SCIMVersion, ctx: RenderContext): Record<string, unknown> {
  const full = isFull(u);
  const schemas = [version.user];
  if (full) schemas.push(version.enterprise, version.profile);
  if (u.guest) schemas.push(version.guest);
  const name: Record<string, unknown> = { givenName: u.givenName, familyName: u.familyName };
  if (full || u.honorificPrefix !== null) name["honorificPrefix"] = u.honorificPrefix;
  const emails: Record<string, unknown>[] = [{ value: u.primaryEmail, primary: true }];
  if (u.secondaryEmail !== null) emails.push({ value: u.secondaryEmail, primary: false });
  const out: Record<string, unknown> = {
    schemas,
    id: u.id,
    externalId: u.externalId,
    meta: { created: u.created, location: `${ctx.base}/Users/${u.id}` },
    userName: u.userName,
    nickName: u.userName,
    name,
    displayName: u.displayName,
    profileUrl: `https://${ctx.orgDomain}.enterprise.slack.com/team/${u.userName}`,
    title: u.title,
    timezone: u.timezone,
    active: ctx.activeShown ? ctx.activeShown(u) : u.active,
    emails,
    photos: [{ value: (ctx.photoShown ? ctx.photoShown(u) : u.photo) ?? defaultPhoto, type: "photo" }],
  };
  if (full) {
    const a = u.address;
    out["addresses"] = [
      {
        streetAddress: a?.streetAddress ?? null,
        locality: a?.locality ?? null,
        region: a?.region ?? null,
        postalCode: a?.postalCode ?? null,
        country: a?.country ?? null,
      },
    ];
    out["phoneNumbers"] = [
      { value: u.mobilePhone, type: "mobile" },
      { value: u.primaryPhone, primary: true },
    ];
    out["userType"] = u.userType;
    out["roles"] = [{ value: u.role, primary: true }];
    out["preferredLanguage"] = u.preferredLanguage;
    out["locale"] = u.locale;
    const e = u.enterprise;
    out[version.enterprise] = {
      employeeNumber: e?.employeeNumber ?? null,
      costCenter: e?.costCenter ?? null,
      organization: e?.organization ?? null,
      division: e?.division ?? null,
      department: e?.department ?? null,
      manager: { managerId: e?.managerId ?? null },
    };
    out[version.profile] = { startDate: u.startDate };
  }
  out["groups"] = ctx.store.groupsOf(u.id).map((id) => ({
    value: id,
    display: ctx.store.getGroup(id)?.displayName ?? "",
  }));
  if (u.guest) {
    const guest: Record<string, unknown> = { type: u.guest.type };
    if (u.guest.expiration !== undefined) guest["expiration"] = u.guest.expiration;
    if (u.guest.channels !== undefined) guest["channels"] = u.guest.channels;
    out[version.guest] = guest;
  }
  return out;
}
