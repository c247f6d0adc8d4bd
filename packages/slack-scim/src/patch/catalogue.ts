import { SCIM1Schemas, SCIM2Schemas } from "../models/schemas.js";

/** Which resource a PATCH targets: `"User"` or `"Group"`. */
export type PatchResourceType = "User" | "Group";

/** An attribute Slack documents, with the sub-attributes a path may name. */
export interface AttributeSpec {
  /** Canonical spelling (SCIM attribute names are case-insensitive). */
  readonly name: string;
  /** Sub-attributes; absent for simple attributes. */
  readonly sub?: readonly string[];
  /** True for lists (`emails`, `members`, …): only these accept a value filter. */
  readonly multi?: boolean;
  /** Why a writable-looking attribute is refused (`id`, `meta`, …). */
  readonly readOnly?: string;
}

/** The extension (or core) a URN-prefixed path names, with its attributes. */
export interface SchemaSpec {
  /** Short name shared by both versions' URNs of the same schema. */
  readonly kind: "core" | "enterprise" | "guest" | "profile";
  /** Protocol version of this URN. */
  readonly version: 1 | 2;
  /** The URN as Slack spells it. */
  readonly urn: string;
  /** Resource the schema applies to; 1.1's core URN applies to both. */
  readonly resources: readonly PatchResourceType[];
}

const multi = (name: string, sub: readonly string[]): AttributeSpec => ({ name, sub, multi: true });
const simple = (name: string): AttributeSpec => ({ name });
const readOnly = (name: string, why: string): AttributeSpec => ({ name, readOnly: why });

const emailSub = ["value", "type", "primary", "display"] as const;

/** Core user attributes (reference 4.1). */
export const userAttributes: readonly AttributeSpec[] = [
  simple("userName"),
  simple("nickName"),
  { name: "name", sub: ["givenName", "familyName", "honorificPrefix"] },
  simple("displayName"),
  simple("title"),
  simple("timezone"),
  simple("active"),
  simple("userType"),
  simple("preferredLanguage"),
  simple("locale"),
  multi("emails", emailSub),
  multi("phoneNumbers", ["value", "type", "primary", "display"]),
  multi("addresses", ["streetAddress", "locality", "region", "postalCode", "country", "primary", "type"]),
  multi("photos", ["value", "type", "primary"]),
  multi("roles", ["value", "type", "primary", "display"]),
  readOnly("id", "the id is assigned by Slack"),
  readOnly("meta", "meta is maintained by Slack"),
  readOnly("schemas", "schemas is not an attribute a PATCH can change"),
  readOnly("groups", "membership changes go through /Groups"),
  readOnly("externalId", "Slack does not support updating externalId"),
  readOnly("profileUrl", "Slack does not support updating profileUrl"),
  readOnly("password", "Slack answers password_change_not_allowed"),
];

/** Core group attributes (reference 2.9, 3.9). */
export const groupAttributes: readonly AttributeSpec[] = [
  simple("displayName"),
  multi("members", ["value", "display"]),
  readOnly("id", "the id is assigned by Slack"),
  readOnly("meta", "meta is maintained by Slack"),
  readOnly("schemas", "schemas is not an attribute a PATCH can change"),
];

/** Attributes of each extension, the same in both versions. */
export const extensionAttributes: Readonly<
  Record<"enterprise" | "guest" | "profile", readonly AttributeSpec[]>
> = {
  enterprise: [
    simple("employeeNumber"),
    simple("costCenter"),
    simple("organization"),
    simple("division"),
    simple("department"),
    { name: "manager", sub: ["managerId"] },
  ],
  guest: [simple("type"), simple("expiration"), readOnly("channels", "guest channels are read-only")],
  profile: [simple("startDate")],
};

/** Every URN a path may start with, longest first so a prefix never shadows a longer URN. */
export const knownSchemas: readonly SchemaSpec[] = (
  [
    { kind: "core", version: 2, urn: SCIM2Schemas.User, resources: ["User"] },
    { kind: "core", version: 2, urn: SCIM2Schemas.Group, resources: ["Group"] },
    { kind: "enterprise", version: 2, urn: SCIM2Schemas.Enterprise, resources: ["User"] },
    { kind: "guest", version: 2, urn: SCIM2Schemas.Guest, resources: ["User"] },
    { kind: "profile", version: 2, urn: SCIM2Schemas.Profile, resources: ["User"] },
    { kind: "core", version: 1, urn: SCIM1Schemas.Core, resources: ["User", "Group"] },
    { kind: "enterprise", version: 1, urn: SCIM1Schemas.Enterprise, resources: ["User"] },
    { kind: "guest", version: 1, urn: SCIM1Schemas.Guest, resources: ["User"] },
    { kind: "profile", version: 1, urn: SCIM1Schemas.Profile, resources: ["User"] },
  ] satisfies SchemaSpec[]
).sort((a, b) => b.urn.length - a.urn.length);

/** The 1.1 URN of the same schema as `urn`, or `undefined` for an unknown URN. */
export function scim1UrnOf(urn: string): string | undefined {
  const spec = knownSchemas.find((s) => s.urn.toLowerCase() === urn.toLowerCase());
  if (spec === undefined) return undefined;
  if (spec.kind === "core") return SCIM1Schemas.Core;
  return spec.version === 1
    ? spec.urn
    : { enterprise: SCIM1Schemas.Enterprise, guest: SCIM1Schemas.Guest, profile: SCIM1Schemas.Profile }[
        spec.kind
      ];
}

/** Attributes a path may name under `schema` (or the core schema of `resource`). */
export function attributesOf(schema: SchemaSpec | undefined, resource: PatchResourceType | undefined) {
  if (schema !== undefined && schema.kind !== "core") return extensionAttributes[schema.kind];
  if (resource === "User") return userAttributes;
  if (resource === "Group") return groupAttributes;
  // Without a resource, accept either; the group's names are a subset apart from `members`.
  return [...userAttributes, ...groupAttributes.filter((a) => a.name === "members")];
}
