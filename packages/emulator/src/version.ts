import { SCIM1Schemas, SCIM2Schemas } from "slack-scim";

/** What differs between the two SCIM versions on the wire: URNs and the base path. */
export interface SCIMVersion {
  /** 1 or 2. */
  readonly n: 1 | 2;
  /** `/scim/v1` or `/scim/v2`. */
  readonly basePath: string;
  /** Core user schema URN. */
  readonly user: string;
  /** Enterprise extension URN. */
  readonly enterprise: string;
  /** Guest extension URN. */
  readonly guest: string;
  /** Profile extension URN. */
  readonly profile: string;
  /** Group schema URN. */
  readonly group: string;
  /** `schemas` of the list envelope. */
  readonly list: string;
}

/** SCIM 1.1 as Slack serves it. */
export const v1: SCIMVersion = Object.freeze({
  n: 1,
  basePath: "/scim/v1",
  user: SCIM1Schemas.Core,
  enterprise: SCIM1Schemas.Enterprise,
  guest: SCIM1Schemas.Guest,
  profile: SCIM1Schemas.Profile,
  group: SCIM1Schemas.Core,
  list: SCIM1Schemas.Core,
});

/** SCIM 2.0 as Slack serves it. */
export const v2: SCIMVersion = Object.freeze({
  n: 2,
  basePath: "/scim/v2",
  user: SCIM2Schemas.User,
  enterprise: SCIM2Schemas.Enterprise,
  guest: SCIM2Schemas.Guest,
  profile: SCIM2Schemas.Profile,
  group: SCIM2Schemas.Group,
  list: SCIM2Schemas.ListResponse,
});
