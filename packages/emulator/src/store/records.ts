/** The five stored members of a user's single address. */
export interface AddressRecord {
  streetAddress: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

/** The enterprise extension's stored fields. */
export interface EnterpriseRecord {
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  managerId: string | null;
}

/** A multi-channel guest's extension. */
export interface GuestRecord {
  type: "multi";
  expiration?: string;
  channels?: { value: string; display: string }[];
}

/**
 * One stored user, version-neutral: the serializers of each SCIM version render it. Slack-side slots (two
 * emails, two phones, one address, one role, one photo) are stored as slots, not lists.
 */
export interface UserRecord {
  id: string;
  externalId: string;
  /** `meta.created`, already formatted with the numeric offset. */
  created: string;
  userName: string;
  givenName: string;
  familyName: string;
  honorificPrefix: string | null;
  displayName: string;
  title: string;
  timezone: string;
  active: boolean;
  primaryEmail: string;
  secondaryEmail: string | null;
  photo: string | null;
  address: AddressRecord | null;
  primaryPhone: string | null;
  mobilePhone: string | null;
  userType: string | null;
  role: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  enterprise: EnterpriseRecord | null;
  startDate: string | null;
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
  id: string;
  displayName: string;
  created: string;
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
