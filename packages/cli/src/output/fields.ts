import { type Group, SCIM1Schemas, SCIM2Schemas, type User } from "slack-scim";
import { UsageError } from "../errors.js";

/** One column of a table or CSV file: its header and how a resource fills it. */
export interface Column {
  /** The header, also the key in `--fields` JSON output. */
  readonly name: string;
  /** The cell's value, before it becomes text: a string, number, boolean, list, object or nothing. */
  get(resource: Record<string, unknown>): unknown;
}

type Entry = Record<string, unknown>;
const asRecord = (value: unknown): Entry | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Entry) : undefined;
const asList = (value: unknown): Entry[] =>
  Array.isArray(value) ? value.filter((item): item is Entry => asRecord(item) !== undefined) : [];

/** The primary entry of a multi-valued attribute: `primary: true`, else the first. */
function primaryOf(list: unknown): Entry | undefined {
  const entries = asList(list);
  return entries.find((entry) => entry["primary"] === true) ?? entries[0];
}

/** An extension block under its 2.0 or 1.1 URN (the two versions name the same schema differently). */
function extension(user: Entry, v2: string, v1: string): Entry | undefined {
  return asRecord(user[v2]) ?? asRecord(user[v1]);
}

const enterprise = (user: Entry) => extension(user, SCIM2Schemas.Enterprise, SCIM1Schemas.Enterprise);
const fromEnterprise = (name: string): Column => ({ name, get: (user) => enterprise(user)?.[name] });

/**
 * The user columns, in the order CSV exports write them. The list is part of the command's interface: columns
 * are only ever added at the end.
 */
export const userColumns: readonly Column[] = [
  { name: "id", get: (u) => u["id"] },
  { name: "userName", get: (u) => u["userName"] },
  { name: "active", get: (u) => u["active"] },
  { name: "displayName", get: (u) => u["displayName"] },
  { name: "givenName", get: (u) => asRecord(u["name"])?.["givenName"] },
  { name: "familyName", get: (u) => asRecord(u["name"])?.["familyName"] },
  { name: "nickName", get: (u) => u["nickName"] },
  { name: "title", get: (u) => u["title"] },
  { name: "email", get: (u) => primaryOf(u["emails"])?.["value"] },
  { name: "emails", get: (u) => asList(u["emails"]).map((e) => e["value"]) },
  { name: "phone", get: (u) => primaryOf(u["phoneNumbers"])?.["value"] },
  { name: "timezone", get: (u) => u["timezone"] },
  { name: "userType", get: (u) => u["userType"] },
  { name: "preferredLanguage", get: (u) => u["preferredLanguage"] },
  { name: "locale", get: (u) => u["locale"] },
  fromEnterprise("employeeNumber"),
  fromEnterprise("costCenter"),
  fromEnterprise("organization"),
  fromEnterprise("division"),
  fromEnterprise("department"),
  { name: "managerId", get: (u) => asRecord(enterprise(u)?.["manager"])?.["managerId"] },
  { name: "groups", get: (u) => asList(u["groups"]).map((g) => g["value"]) },
  { name: "externalId", get: (u) => u["externalId"] },
  { name: "created", get: (u) => asRecord(u["meta"])?.["created"] },
];

/** The group columns, in CSV order; only ever added to at the end. */
export const groupColumns: readonly Column[] = [
  { name: "id", get: (g) => g["id"] },
  { name: "displayName", get: (g) => g["displayName"] },
  { name: "memberCount", get: (g) => asList(g["members"]).length },
  { name: "members", get: (g) => asList(g["members"]).map((m) => m["value"]) },
  { name: "externalId", get: (g) => g["externalId"] },
  { name: "created", get: (g) => asRecord(g["meta"])?.["created"] },
];

/** Columns of a table of users when `--fields` is not given. */
export const userTableColumns = ["id", "userName", "displayName", "email", "title", "active"] as const;

/** Columns of a table of groups when `--fields` is not given. */
export const groupTableColumns = ["id", "displayName", "memberCount"] as const;

/** The resource kinds the columns describe. */
export type ResourceKind = "users" | "groups";

/** Attributes a `--fields` path may start with, besides the column names. */
const attributes: Record<ResourceKind, readonly string[]> = {
  users: [
    "schemas",
    "id",
    "externalId",
    "meta",
    "userName",
    "nickName",
    "name",
    "displayName",
    "profileUrl",
    "title",
    "timezone",
    "active",
    "emails",
    "phoneNumbers",
    "photos",
    "addresses",
    "roles",
    "groups",
    "userType",
    "preferredLanguage",
    "locale",
  ],
  groups: ["schemas", "id", "externalId", "meta", "displayName", "members"],
};

/** A column for an attribute path: `name.givenName`, `meta.created`, or an extension `urn:…:department`. */
function pathColumn(path: string): Column {
  if (path.startsWith("urn:")) {
    return {
      name: path,
      get: (resource) => {
        if (path in resource) return resource[path];
        const cut = path.lastIndexOf(":");
        return asRecord(resource[path.slice(0, cut)])?.[path.slice(cut + 1)];
      },
    };
  }
  const parts = path.split(".");
  return {
    name: path,
    get: (resource) => {
      let value: unknown = resource;
      for (const part of parts) value = asRecord(value)?.[part];
      return value;
    },
  };
}

/**
 * The columns `--fields a,b,c` asks for (or the defaults). A name is a column of the catalogue or an attribute
 * path; anything else is a usage error listing the columns.
 */
export function columnsFor(
  kind: ResourceKind,
  names: readonly string[] | undefined,
  defaults?: readonly string[],
) {
  const catalogue = kind === "users" ? userColumns : groupColumns;
  const wanted = names ?? defaults ?? catalogue.map((column) => column.name);
  return wanted.map((name): Column => {
    const column = catalogue.find((c) => c.name === name);
    if (column) return column;
    if (name.startsWith("urn:") || attributes[kind].includes(name.split(".")[0] as string))
      return pathColumn(name);
    throw new UsageError(
      `unknown field "${name}"`,
      `use columns (${catalogue.map((c) => c.name).join(", ")}) or attribute paths such as name.givenName`,
    );
  });
}

/** A cell's text: lists joined with `;`, objects as JSON, nothing as the empty string. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== "object")) {
    return value.map((item) => cellText(item)).join(";");
  }
  return JSON.stringify(value);
}

/** The resource as a flat record of the chosen columns (for `--fields` JSON output). */
export function project(resource: User | Group, columns: readonly Column[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) out[column.name] = column.get(resource as Record<string, unknown>) ?? null;
  return out;
}
