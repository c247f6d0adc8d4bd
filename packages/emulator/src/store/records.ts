/** The five stored members of a user's single address. */
export interface AddressRecord {
  /** Street and number. */
  streetAddress: string | null;
  /** City or town. */
  locality: string | null;
  /** State or region. */
  region: string | null;
  /** Postal code. */
  postalCode: string | null;
  /** Country. */
  country: string | null;
}

/** The enterprise extension's stored fields. */
export interface EnterpriseRecord {
  /** Employee number. */
  employeeNumber: string | null;
  /** Cost center. */
  costCenter: string | null;
  /** Organization. */
  organization: string | null;
  /** Division. */
  division: string | null;
  /** Department. */
  department: string | null;
  /** Slack user id of the manager. */
  managerId: string | null;
}

/** A multi-channel guest's extension. */
export interface GuestRecord {
  /** Guest type; only `multi` (multi-channel) exists. */
  type: "multi";
  /** ISO 8601 time at which the guest account is deactivated. */
  expiration?: string;
  /** Channels the guest belongs to (read-only on the wire). */
  channels?: {
    /** Channel id. */
    value: string;
    /** Channel name. */
    display: string;
  }[];
}

/**
 * One stored user, version-neutral: the serializers of each SCIM version render it. Slack-side slots (two
 * emails, two phones, one address, one role, one photo) are stored as slots, not lists.
 */
export interface UserRecord {
  /** Slack user id (`W…`). */
  id: string;
  /** The identity provider's id for the user. */
  externalId: string;
  /** `meta.created`, already formatted with the numeric offset. */
  created: string;
  /** Slack username (also rendered as `nickName`). */
  userName: string;
  /** First name. */
  givenName: string;
  /** Last name. */
  familyName: string;
  /** Honorific such as `Dr`. */
  honorificPrefix: string | null;
  /** Slack display name. */
  displayName: string;
  /** Job title. */
  title: string;
  /** IANA time zone. */
  timezone: string;
  /** `false` once deactivated. */
  active: boolean;
  /** Primary email address. */
  primaryEmail: string;
  /** Secondary email address. */
  secondaryEmail: string | null;
  /** Profile photo URL. */
  photo: string | null;
  /** The single postal address. */
  address: AddressRecord | null;
  /** Primary phone number. */
  primaryPhone: string | null;
  /** Mobile phone number. */
  mobilePhone: string | null;
  /** Free-text user type. */
  userType: string | null;
  /** The single role's value. */
  role: string | null;
  /** Preferred language such as `en_GB`. */
  preferredLanguage: string | null;
  /** Locale such as `en-GB`. */
  locale: string | null;
  /** Enterprise extension fields, or `null` when none was set. */
  enterprise: EnterpriseRecord | null;
  /** Profile extension start date. */
  startDate: string | null;
  /** Guest extension, or `null` for a full member. */
  guest: GuestRecord | null;
  /** Single-channel guest (`ultra_restricted`); cannot be created through SCIM, only seeded. */
  ultraRestricted?: boolean;
  /** Workspace admin or owner: cannot become a guest. */
  admin?: boolean;
  /** Primary owner: cannot be deactivated. */
  primaryOwner?: boolean;
}

/** One stored group; members are user ids in insertion order. */
export interface GroupRecord {
  /** Slack group id (`S…`). */
  id: string;
  /** Group name. */
  displayName: string;
  /** `meta.created`, already formatted with the numeric offset. */
  created: string;
  /** Member user ids, in insertion order. */
  members: string[];
}

/** An empty enterprise block. */
export function emptyEnterprise(): EnterpriseRecord {
  return {
    employeeNumber: null,
    costCenter: null,
    organization: null,
    division: null,
    department: null,
    managerId: null,
  };
}

/** Copies a user deeply enough that mutating the copy never touches the original. */
export function cloneUser(user: UserRecord): UserRecord {
  return structuredClone(user);
}
