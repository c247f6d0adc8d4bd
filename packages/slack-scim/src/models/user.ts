import type { SCIM1Schemas, SCIM2Schemas } from "./schemas.js";

/** `name` of a user: Slack stores `givenName`, `familyName` and `honorificPrefix` only. */
export interface UserName {
  /** First name; with `familyName`, Slack's "Full name". */
  givenName?: string | null;
  /** Last name; with `givenName`, Slack's "Full name". */
  familyName?: string | null;
  /** Custom profile field "Honorific Prefix". */
  honorificPrefix?: string | null;
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** One email. Slack keeps a primary and a secondary; responses carry `value` and `primary` only. */
export interface UserEmail {
  /** The address. */
  value?: string;
  /** `"work"`, `"home"`, …: picks the primary on input; not echoed. */
  type?: string;
  /** Marks the primary address. */
  primary?: boolean;
  /** SCIM 1.1 PATCH only: `"delete"` removes this value. */
  operation?: "delete";
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/**
 * One phone number. Slack has two slots; note the inverted `type` meaning: in a request `"mobile"` targets the
 * primary phone, in a response `"mobile"` marks the mobile phone.
 */
export interface UserPhoneNumber {
  /** The number, or `null` when the slot is empty. */
  value?: string | null;
  /** `"mobile"` or `"work"` (see the interface summary). */
  type?: string;
  /** Marks the primary phone. */
  primary?: boolean;
  /** SCIM 1.1 PATCH only: `"delete"` removes this value. */
  operation?: "delete";
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** The user's single postal address; only the five standard sub-attributes are stored. */
export interface UserAddress {
  /** Street and number. */
  streetAddress?: string | null;
  /** City. */
  locality?: string | null;
  /** State or region. */
  region?: string | null;
  /** Zip code. */
  postalCode?: string | null;
  /** Country. */
  country?: string | null;
  /** Picks the stored address on input. */
  primary?: boolean;
  /** Picks the stored address on input; not stored. */
  type?: string;
  /** SCIM 1.1 PATCH only: `"delete"` removes the address (all five members must match). */
  operation?: "delete";
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** The user's photo; processed asynchronously, so a write may still answer with the old URL. */
export interface UserPhoto {
  /** An https URL or a `data:image/…;base64` URL. */
  value?: string;
  /** Always `"photo"` in responses. */
  type?: string;
  /** Picks the stored photo on input. */
  primary?: boolean;
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** The user's single role (custom profile field "Roles"). */
export interface UserRole {
  /** The role's name. */
  value?: string | null;
  /** Role type, when given. */
  type?: string;
  /** Slack returns `true` on its only role; the string `"true"` is accepted on input. */
  primary?: boolean | "true" | "false";
  /** SCIM 1.1 PATCH only: `"delete"` removes the role. */
  operation?: "delete";
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** A group the user belongs to (read-only; change membership through `/Groups`). */
export interface UserGroup {
  /** The group id (`S…`). */
  value?: string;
  /** The group's name. */
  display?: string;
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** `meta` of a user: Slack sends `created` and `location` only. */
export interface UserMeta {
  /** ISO 8601 with a numeric offset, e.g. `2024-03-05T09:14:27-08:00`. */
  created?: string;
  /** Absolute URL of the resource. */
  location?: string;
  /** SCIM 1.1 PATCH only: attribute paths to remove (`"name.familyName"`, an extension URN, …). */
  attributes?: string[];
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** The enterprise extension: custom profile fields of the same names. */
export interface EnterpriseExtension {
  /** Employee id. */
  employeeNumber?: string | null;
  /** Cost center. */
  costCenter?: string | null;
  /** Organization. */
  organization?: string | null;
  /** Division. */
  division?: string | null;
  /** Department. */
  department?: string | null;
  /** Manager: a Slack user id, the manager's primary email or `userName` on input. */
  manager?: {
    /** The manager's Slack user id (Slack also accepts a primary email or `userName` when writing). */
    managerId?: string | null;
    /** Attributes Slack may add later; kept exactly. */
    [key: string]: unknown;
  } | null;
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** Slack's multi-channel guest extension (Enterprise only). */
export interface GuestExtension {
  /** Only `"multi"` is valid. */
  type?: "multi" | (string & {});
  /** ISO 8601 date-time after which the guest is deactivated. */
  expiration?: string;
  /** Read-only: channels the guest is in (SCIM 1.1 responses). */
  channels?: {
    /** Channel id. */
    value?: string;
    /** Channel name. */
    display?: string;
    /** Attributes Slack may add later; kept exactly. */
    [key: string]: unknown;
  }[];
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** Slack's profile extension. */
export interface ProfileExtension {
  /** Start date, e.g. `2024-04-10T00:00:00+0000`; drives profile "celebrations". */
  startDate?: string | null;
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/**
 * A Slack user, as either SCIM version sends it. Wire names are kept verbatim, each version's extension blocks
 * are typed under their own URN, and fields these types do not name are kept exactly through a read →
 * `updateUser` round trip.
 */
export interface User {
  /** Schema URNs whose blocks are present; defaulted to the version's core schema on writes. */
  schemas?: string[];
  /** Slack user id (`U…` or `W…`); read-only. */
  id?: string;
  /** Always `""` in observed data; not updatable. */
  externalId?: string;
  /** `created` and `location`; read-only. */
  meta?: UserMeta;
  /** Slack username: at most 21 characters, stored lower-case, unique in the org. */
  userName?: string;
  /** Same Slack field as `userName`; kept equal to it. */
  nickName?: string;
  /** Given, family name and honorific prefix. */
  name?: UserName;
  /** Slack's display name; at most 80 characters. */
  displayName?: string;
  /** Profile URL; read-only in practice. */
  profileUrl?: string;
  /** Title. */
  title?: string | null;
  /** IANA time zone; defaults to `America/Los_Angeles`. */
  timezone?: string | null;
  /** `false` once deactivated. */
  active?: boolean;
  /** Initial password, only where no IdP is used; never returned. */
  password?: string;
  /** Primary and secondary email. */
  emails?: UserEmail[];
  /** The two phone slots (see {@link UserPhoneNumber}). */
  phoneNumbers?: UserPhoneNumber[];
  /** One address. */
  addresses?: UserAddress[];
  /** One photo. */
  photos?: UserPhoto[];
  /** One role; plain strings are accepted on input. */
  roles?: (UserRole | string)[];
  /** Groups the user belongs to; read-only. */
  groups?: UserGroup[];
  /** Custom profile field. */
  userType?: string | null;
  /** Custom profile field, e.g. `en_US`. */
  preferredLanguage?: string | null;
  /** Custom profile field, e.g. `en-US`. */
  locale?: string | null;
  /** SCIM 1.1 enterprise extension. */
  [SCIM1Schemas.Enterprise]?: EnterpriseExtension;
  /** SCIM 1.1 guest extension. */
  [SCIM1Schemas.Guest]?: GuestExtension;
  /** SCIM 1.1 profile extension. */
  [SCIM1Schemas.Profile]?: ProfileExtension;
  /** SCIM 2.0 enterprise extension. */
  [SCIM2Schemas.Enterprise]?: EnterpriseExtension;
  /** SCIM 2.0 guest extension. */
  [SCIM2Schemas.Guest]?: GuestExtension;
  /** SCIM 2.0 profile extension. */
  [SCIM2Schemas.Profile]?: ProfileExtension;
  /** Attributes and extensions these types do not name; kept exactly. */
  [key: string]: unknown;
}
