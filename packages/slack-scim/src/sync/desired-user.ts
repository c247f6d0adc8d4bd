/**
 * One person as the input file wants them in Slack. Attributes the file has no column for are absent and left
 * alone in Slack; `null` (an empty cell) clears the attribute.
 */
export interface DesiredSyncUser {
  /** Slack username: at most 21 characters, letters, digits, `.`, `_` and `-`; compared lower-cased. */
  userName: string;
  /** Primary email. */
  email: string;
  /** First name. */
  givenName?: string | null;
  /** Last name. */
  familyName?: string | null;
  /** Slack display name. */
  displayName?: string | null;
  /** Title. */
  title?: string | null;
  /** Enterprise extension: department. */
  department?: string | null;
  /** Enterprise extension: division. */
  division?: string | null;
  /** Enterprise extension: organization. */
  organization?: string | null;
  /** Enterprise extension: cost center. */
  costCenter?: string | null;
  /** Enterprise extension: employee number. */
  employeeNumber?: string | null;
  /** The manager's `userName` or primary email (someone in the file or in Slack). */
  manager?: string | null;
  /** Primary phone number (Slack's mobile phone slot is left alone). */
  phone?: string | null;
  /** The IdP's id for the person; matched on, sent on create (Slack does not update it). */
  externalId?: string | null;
  /** `false` deactivates the person; absent or `true` keeps or makes them active. */
  active?: boolean;
  /** Display names of the groups the person belongs to; absent when the file does not manage groups. */
  groups?: string[];
  /** Where the record came from, for messages. */
  source?: {
    /** The file the row came from. */
    file: string;
    /** Its 1-based line. */
    line: number;
  };
}

/** The attributes a column can map to (the keys of {@link DesiredSyncUser} apart from `source`). */
export type SyncAttribute = Exclude<keyof DesiredSyncUser, "source">;

/** Every attribute, in the documented column order. */
export const syncAttributes: readonly SyncAttribute[] = Object.freeze([
  "userName",
  "email",
  "givenName",
  "familyName",
  "displayName",
  "title",
  "department",
  "division",
  "organization",
  "costCenter",
  "employeeNumber",
  "manager",
  "phone",
  "externalId",
  "active",
  "groups",
]);

/** Attributes held as optional strings (`null` clears). */
export const textAttributes = [
  "givenName",
  "familyName",
  "displayName",
  "title",
  "department",
  "division",
  "organization",
  "costCenter",
  "employeeNumber",
  "phone",
] as const;

/** The enterprise-extension attributes. */
export const enterpriseAttributes = [
  "department",
  "division",
  "organization",
  "costCenter",
  "employeeNumber",
] as const;

/** Whether `name` is an attribute a column can map to. */
export function isSyncAttribute(name: string): name is SyncAttribute {
  return (syncAttributes as readonly string[]).includes(name);
}
