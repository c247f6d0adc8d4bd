import { SCIM2Schemas } from "slack-scim";
import { type ExtensionName, extensionURNs } from "../rules/extensions.js";
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

/** An attribute of a schema document, with its sub-attributes and the extension URN it belongs to. */
interface AttrSpec {
  attr: Attr;
  sub?: AttrSpec[];
  /** Set on an extension block and its members. */
  schema?: string;
  /** RFC 7643 `canonicalValues` (2.0). */
  canonical?: string[];
}

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

/**
 * Slack's user extensions, each one complex attribute named by its URN, as it appears in a user: Slack documents
 * that its user schema includes the guest extension, and it accepts the enterprise and profile extensions.
 */
function extensionAttributes(version: SCIMVersion): AttrSpec[] {
  const i = version.n === 1 ? 0 : 1;
  const block = (name: ExtensionName, sub: AttrSpec[]): AttrSpec => {
    const schema = extensionURNs[name][i];
    return { attr: [schema, "complex"], schema, sub: sub.map((s) => ({ ...s, schema })) };
  };
  const text = (name: string): AttrSpec => ({ attr: [name, "string"] });
  return [
    block("enterprise", [
      ...["employeeNumber", "costCenter", "organization", "division", "department"].map(text),
      { attr: ["manager", "complex"], sub: [text("managerId")] },
    ]),
    block("guest", [
      { attr: ["type", "string", false, true], canonical: ["multi"] },
      { attr: ["expiration", "dateTime"] },
      {
        attr: ["channels", "complex", true, false, true],
        sub: [
          { attr: ["value", "string", false, false, true] },
          { attr: ["display", "string", false, false, true] },
        ],
      },
    ]),
    block("profile", [text("startDate")]),
  ];
}

function renderV1(spec: AttrSpec, urn: string): Record<string, unknown> {
  const [name, type, multi = false, required = false, readOnly = false] = spec.attr;
  const schema = spec.schema ?? urn;
  const out: Record<string, unknown> = {
    name,
    type,
    multiValued: multi,
    description: name,
    schema,
    readOnly,
    required,
    caseExact: name === "id",
  };
  if (spec.sub)
    out["subAttributes"] = spec.sub.map((s) => renderV1({ ...s, schema: s.schema ?? schema }, urn));
  return out;
}

function renderV2(spec: AttrSpec): Record<string, unknown> {
  const [name, type, multi = false, required = false, readOnly = false] = spec.attr;
  const out: Record<string, unknown> = {
    name,
    type,
    multiValued: multi,
    required,
    caseExact: name === "id",
    mutability: readOnly ? "readOnly" : name === "password" ? "writeOnly" : "readWrite",
    returned: name === "password" ? "never" : "default",
    uniqueness: name === "userName" || name === "id" ? "server" : "none",
  };
  if (spec.canonical) out["canonicalValues"] = spec.canonical;
  if (spec.sub) out["subAttributes"] = spec.sub.map(renderV2);
  return out;
}

/**
 * A schema document for `/Schemas/Users` or `/Schemas/Groups`, in the version's shape (values not Slack-verified:
 * no real answer is public). The user schema lists the guest, enterprise and profile extensions.
 */
export function schemaDocument(version: SCIMVersion, kind: "Users" | "Groups"): Record<string, unknown> {
  const core: AttrSpec[] = (kind === "Users" ? userAttributes : groupAttributes).map((attr) => ({ attr }));
  const attrs = kind === "Users" ? [...core, ...extensionAttributes(version)] : core;
  const urn = kind === "Users" ? version.user : version.group;
  if (version.n === 1) {
    return {
      id: urn,
      name: kind === "Users" ? "User" : "Group",
      description: kind === "Users" ? "Slack user" : "Slack IdP group",
      schema: urn,
      endpoint: `/${kind}`,
      attributes: attrs.map((a) => renderV1(a, urn)),
    };
  }
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id: urn,
    name: kind === "Users" ? "User" : "Group",
    description: kind === "Users" ? "User Account" : "Group",
    attributes: attrs.map(renderV2),
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
