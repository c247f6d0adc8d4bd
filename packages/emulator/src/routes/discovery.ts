import { SCIM2Schemas } from "slack-scim";
import type { SCIMVersion } from "../version.js";

/** Slack's capabilities document: the same 1.1 key set on both versions, no `schemas` (docs/behaviour.md, Discovery). */
export function serviceProviderConfig(): Record<string, unknown> {
  return {
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication Scheme using the OAuth Bearer Token Standard",
        specUrl: "http://tools.ietf.org/html/draft-ietf-oauth-v2-bearer-01",
        primary: true,
      },
    ],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: false, maxResults: 0 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    xmlDataFormat: { supported: false },
  };
}

type Attr = [name: string, type: string, multi?: boolean, required?: boolean, readOnly?: boolean];

const userAttributes: Attr[] = [
  ["id", "string", false, true, true],
  ["externalId", "string", false, false, true],
  ["userName", "string", false, true],
  ["nickName", "string"],
  ["name", "complex"],
  ["displayName", "string"],
  ["profileUrl", "string", false, false, true],
  ["title", "string"],
  ["timezone", "string"],
  ["active", "boolean"],
  ["password", "string"],
  ["emails", "complex", true, true],
  ["phoneNumbers", "complex", true],
  ["photos", "complex", true],
  ["addresses", "complex", true],
  ["groups", "complex", true, false, true],
  ["roles", "complex", true],
  ["userType", "string"],
  ["preferredLanguage", "string"],
  ["locale", "string"],
];

const groupAttributes: Attr[] = [
  ["id", "string", false, true, true],
  ["displayName", "string", false, true],
  ["members", "complex", true],
];

/** A schema document for `/Schemas/Users` or `/Schemas/Groups` (shape per version; values not Slack-verified). */
export function schemaDocument(version: SCIMVersion, kind: "Users" | "Groups"): Record<string, unknown> {
  const attrs = kind === "Users" ? userAttributes : groupAttributes;
  const urn = kind === "Users" ? version.user : version.group;
  const caseExact = (name: string) => name === "id";
  if (version.n === 1) {
    return {
      id: urn,
      name: kind === "Users" ? "User" : "Group",
      description: kind === "Users" ? "Slack user" : "Slack IdP group",
      schema: urn,
      endpoint: `/${kind}`,
      attributes: attrs.map(([name, type, multi = false, required = false, readOnly = false]) => ({
        name,
        type,
        multiValued: multi,
        description: name,
        schema: urn,
        readOnly,
        required,
        caseExact: caseExact(name),
      })),
    };
  }
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id: urn,
    name: kind === "Users" ? "User" : "Group",
    description: kind === "Users" ? "User Account" : "Group",
    attributes: attrs.map(([name, type, multi = false, required = false, readOnly = false]) => ({
      name,
      type,
      multiValued: multi,
      required,
      caseExact: caseExact(name),
      mutability: readOnly ? "readOnly" : name === "password" ? "writeOnly" : "readWrite",
      returned: name === "password" ? "never" : "default",
      uniqueness: name === "userName" || name === "id" ? "server" : "none",
    })),
    meta: { resourceType: "Schema" },
  };
}

/** `/ResourceTypes` (2.0): the values of a third-party fixture copied from Slack (docs/behaviour.md, Discovery). */
export function resourceTypes(base: string): Record<string, unknown>[] {
  const ext = (schema: string) => ({ schema, required: false });
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: SCIM2Schemas.User,
      meta: { location: `${base}/ResourceTypes/User`, resourceType: "ResourceType" },
      schemaExtensions: [
        ext(SCIM2Schemas.Enterprise),
        ext(SCIM2Schemas.Guest),
        ext("urn:ietf:params:scim:schemas:extension:slack:directory:2.0:User"),
        ext(SCIM2Schemas.Profile),
      ],
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "Group",
      schema: SCIM2Schemas.Group,
      meta: { location: `${base}/ResourceTypes/Group`, resourceType: "ResourceType" },
    },
  ];
}
