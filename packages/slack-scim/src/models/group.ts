/** A member of a group. */
export interface GroupMember {
  /** The member's user id. */
  value?: string;
  /** The member's name (responses). */
  display?: string;
  /** SCIM 1.1 PATCH only: `"delete"` removes this member. */
  operation?: "delete";
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/** `meta` of a group: `created` and `location`. */
export interface GroupMeta {
  /** ISO 8601 with a numeric offset. */
  created?: string;
  /** Absolute URL of the resource. */
  location?: string;
  /** Attributes Slack may add later; kept exactly. */
  [key: string]: unknown;
}

/**
 * A Slack IdP group (user group, `S…`). Fields these types do not name are kept exactly.
 */
export interface Group {
  /** Schema URNs; defaulted to the version's group schema on writes. */
  schemas?: string[];
  /** Slack group id (`S…`); read-only. */
  id?: string;
  /** The group's name; required on create. */
  displayName?: string;
  /** Members; `PUT` replaces the whole list. */
  members?: GroupMember[];
  /** `created` and `location`; read-only. */
  meta?: GroupMeta;
  /** Attributes these types do not name; kept exactly. */
  [key: string]: unknown;
}
