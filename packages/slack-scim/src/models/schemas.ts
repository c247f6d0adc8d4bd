/**
 * Schema URNs Slack uses on the wire, per SCIM version.
 *
 * @see https://docs.slack.dev/reference/scim-api
 */
export const SCIM1Schemas = Object.freeze({
  /** Core schema of users, groups and the 1.1 list envelope. */
  Core: "urn:scim:schemas:core:1.0",
  /** Enterprise extension (`employeeNumber`, `manager`, …). */
  Enterprise: "urn:scim:schemas:extension:enterprise:1.0",
  /** Slack's multi-channel guest extension. */
  Guest: "urn:scim:schemas:extension:slack:guest:1.0",
  /** Slack's profile extension (`startDate`). */
  Profile: "urn:scim:schemas:extension:slack:profile:1.0",
} as const);

/**
 * SCIM 2.0 schema URNs Slack uses on the wire.
 *
 * @see https://docs.slack.dev/reference/scim-api/scim-api-2
 */
export const SCIM2Schemas = Object.freeze({
  /** Core user schema. */
  User: "urn:ietf:params:scim:schemas:core:2.0:User",
  /** Core group schema. */
  Group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  /** Enterprise user extension. */
  Enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  /** Slack's multi-channel guest extension. */
  Guest: "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User",
  /** Slack's profile extension (`startDate`). */
  Profile: "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User",
  /** List envelope of `GET /Users`, `GET /Groups`, `/ResourceTypes`, `/Schemas`. */
  ListResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  /** PATCH request message. */
  PatchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  /** Error body (RFC 7644 style). */
  Error: "urn:ietf:params:scim:api:messages:2.0:Error",
} as const);
