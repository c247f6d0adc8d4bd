import { describe, expect, it } from "vitest";
import { PatchPathError, parsePatchPath } from "../../src/patch/index.js";

const E2 = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const G2 = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
const P2 = "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User";
const E1 = "urn:scim:schemas:extension:enterprise:1.0";
const G1 = "urn:scim:schemas:extension:slack:guest:1.0";

// Every PATCH path Slack's SCIM 1.1 and 2.0 references show for users and groups.
const documentedUserPaths = [
  "active",
  "userName",
  "nickName",
  "displayName",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "emails",
  "emails[primary eq false]",
  'emails[value eq "x@y.example"]',
  "emails[primary eq true].value",
  "phoneNumbers",
  'phoneNumbers[value eq "+44 20 7946 0001"]',
  'phoneNumbers[value eq "+1 555"].value',
  "photos",
  "addresses",
  "roles",
  "name",
  "name.givenName",
  "name.familyName",
  "name.honorificPrefix",
  E2,
  `${E2}:employeeNumber`,
  `${E2}:costCenter`,
  `${E2}.manager.managerId`,
  `${E2}.department`,
  G2,
  `${G2}.expiration`,
  `${G2}:type`,
  P2,
  `${P2}:startDate`,
  E1,
  `${E1}.department`,
  `${E1}.manager.managerId`,
  `${G1}.expiration`,
  "urn:ietf:params:scim:schemas:core:2.0:User:userName",
  "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
];

const documentedGroupPaths = [
  "displayName",
  "members",
  "members[value eq W1]",
  'members[value eq "W1"]',
  "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
];

describe("parsePatchPath", () => {
  it.each(documentedUserPaths)("accepts the documented user path %s", (path) => {
    expect(() => parsePatchPath(path, { resource: "User" })).not.toThrow();
    expect(() => parsePatchPath(path)).not.toThrow();
  });

  it.each(documentedGroupPaths)("accepts the documented group path %s", (path) => {
    expect(() => parsePatchPath(path, { resource: "Group" })).not.toThrow();
  });

  it("splits URN, attribute, filter and sub-attribute", () => {
    expect(parsePatchPath(`${E2}.manager.managerId`)).toMatchObject({
      urn: E2,
      attribute: "manager",
      subAttribute: "managerId",
    });
    expect(parsePatchPath(`${E2}:employeeNumber`)).toMatchObject({ urn: E2, attribute: "employeeNumber" });
    expect(parsePatchPath(G2).urn).toBe(G2);
    expect(parsePatchPath(G2).attribute).toBeUndefined();
    expect(parsePatchPath("emails[primary eq true].value")).toMatchObject({
      attribute: "emails",
      filter: { kind: "compare", attribute: "primary", operator: "eq", value: true },
      subAttribute: "value",
      multiValued: true,
    });
    expect(parsePatchPath("members[value eq W1]").filter).toMatchObject({ value: "W1" });
  });

  it("matches names and URNs case-insensitively and returns the canonical spelling", () => {
    expect(parsePatchPath("NAME.GIVENNAME")).toMatchObject({ attribute: "name", subAttribute: "givenName" });
    expect(parsePatchPath(`${E2.toUpperCase()}:department`)).toMatchObject({
      urn: E2,
      attribute: "department",
    });
  });

  it("parses compound filters", () => {
    const f = parsePatchPath('emails[type eq "work" and (value co "@x" or not (primary pr))]').filter;
    expect(f).toMatchObject({ kind: "and", right: { kind: "or", right: { kind: "not" } } });
    expect(parsePatchPath("emails[value sw 1.5]").filter).toMatchObject({ operator: "sw", value: 1.5 });
    expect(parsePatchPath("emails[value eq null]").filter).toMatchObject({ value: null });
  });

  const malformed: [string, number, RegExp][] = [
    ["", 0, /empty/],
    ["actve", 0, /unknown attribute "actve"/],
    ["name.middleName", 5, /unknown sub-attribute "middleName"/],
    ["title.x", 6, /title has no sub-attributes/],
    ['emails[value eq "x]', 16, /unterminated string/],
    ['emails[value eq "x"', 19, /expected "\]"/],
    ['emails[value xx "x"]', 13, /unknown operator "xx"/],
    ['emails[valu eq "x"]', 7, /unknown sub-attribute "valu"/],
    ["emails[value eq]", 15, /expected a space/],
    ['emails[value eq "a\\q"]', 18, /invalid escape/],
    ['name[givenName eq "x"]', 4, /not multi-valued/],
    ["emails[primary eq true].nope", 24, /unknown sub-attribute "nope"/],
    ["emails..value", 7, /expected a sub-attribute name/],
    ["1title", 0, /expected an attribute name/],
    ["title ", 5, /unexpected " "/],
    ["id", 0, /read-only/],
    ["meta.created", 0, /read-only/],
    ["groups", 0, /read-only/],
    ["password", 0, /password_change_not_allowed/],
    ["urn:example:custom:attr", 0, /unknown schema URN/],
    [`${E2}department`, 0, /unknown schema URN/],
    [`${E2}:nope`, E2.length + 1, /unknown attribute "nope"/],
    [`${E2}#x`, 0, /unknown schema URN/],
    ["urn:ietf:params:scim:schemas:core:2.0:User", 42, /must be followed by an attribute/],
  ];

  it.each(malformed)("rejects %j at position %i", (path, position, message) => {
    let error: unknown;
    try {
      parsePatchPath(path, { resource: "User" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatchPathError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as PatchPathError).position).toBe(position);
    expect((error as PatchPathError).message).toMatch(message);
    expect((error as PatchPathError).message).toContain(JSON.stringify(path));
  });

  it("refuses group attributes on users and extensions on groups", () => {
    expect(() => parsePatchPath("members", { resource: "User" })).toThrow(/unknown attribute/);
    expect(() => parsePatchPath(`${E2}:department`, { resource: "Group" })).toThrow(
      /does not apply to Group/,
    );
    expect(() => parsePatchPath("emails", { resource: "Group" })).toThrow(/unknown attribute/);
  });

  it("allows unknown names and URNs through the escape hatch, but not read-only ones", () => {
    const lenient = { allowUnknownAttributes: true } as const;
    expect(parsePatchPath("favouriteColour", lenient)).toMatchObject({ attribute: "favouriteColour" });
    expect(parsePatchPath("name.middleName", lenient)).toMatchObject({ subAttribute: "middleName" });
    expect(parsePatchPath("urn:example:custom:2.0:User", lenient)).toMatchObject({
      urn: "urn:example:custom:2.0:User",
    });
    expect(() => parsePatchPath("urn:example:custom[x eq 1]", lenient)).toThrow(/extensions/);
    expect(() => parsePatchPath("id", lenient)).toThrow(/read-only/);
    expect(() => parsePatchPath("emails[", lenient)).toThrow(PatchPathError);
  });

  it("recognises registered extension URNs", () => {
    const options = { extensions: ["urn:example:custom:2.0:User"] };
    expect(parsePatchPath("urn:example:custom:2.0:User:color", options)).toMatchObject({
      urn: "urn:example:custom:2.0:User",
      attribute: "color",
    });
    expect(parsePatchPath("urn:example:custom:2.0:User.a.b", options)).toMatchObject({
      attribute: "a",
      subAttribute: "b",
    });
  });

  it("refuses a non-string path", () => {
    expect(() => parsePatchPath(3 as unknown as string)).toThrow(TypeError);
  });
});

describe("literals in a path's value filter", () => {
  it.each([
    ['members[value eq "\\u12"]', 18, /invalid \\u escape/],
    ['members[value eq "a\tb"]', 19, /control character in string/],
    ["members[value eq -W1]", 17, /invalid value "-W1"/],
    ["members[value eq .W1]", 17, /invalid value ".W1"/],
  ])("refuses %j at position %i", (path, position, reason) => {
    const error = (() => {
      try {
        parsePatchPath(path);
      } catch (e) {
        return e as PatchPathError;
      }
    })();
    expect(error).toBeInstanceOf(PatchPathError);
    expect(error?.position).toBe(position);
    expect(error?.message).toMatch(reason);
  });

  it("reads a \\u escape in a quoted value", () => {
    expect(parsePatchPath('members[value eq "W\\u0031"]').filter).toEqual({
      kind: "compare",
      attribute: "value",
      operator: "eq",
      value: "W1",
    });
  });
});
