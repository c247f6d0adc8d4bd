import { describe, expect, it } from "vitest";
import {
  add,
  addMembers,
  type PatchOperation,
  remove,
  removeMember,
  replace,
  replacePrimaryEmail,
  toSCIM1Patch,
} from "../../src/patch/index.js";

const CORE = "urn:scim:schemas:core:1.0";
const E1 = "urn:scim:schemas:extension:enterprise:1.0";
const G1 = "urn:scim:schemas:extension:slack:guest:1.0";
const P1 = "urn:scim:schemas:extension:slack:profile:1.0";
const E2 = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const G2 = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
const P2 = "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User";

describe("toSCIM1Patch (users)", () => {
  it("turns replace and add of simple attributes into members of the partial resource", () => {
    expect(toSCIM1Patch([replace("active", false), add("title", "CTO")], "User")).toEqual({
      schemas: [CORE],
      active: false,
      title: "CTO",
    });
  });

  it("merges sub-attribute changes into their complex attribute", () => {
    expect(
      toSCIM1Patch([replace("name.givenName", "Ada"), replace("name.familyName", "Lovelace")], "User"),
    ).toEqual({ schemas: [CORE], name: { givenName: "Ada", familyName: "Lovelace" } });
    expect(toSCIM1Patch([add("name", { givenName: "Ada" })], "User")).toEqual({
      schemas: [CORE],
      name: { givenName: "Ada" },
    });
  });

  it("maps 2.0 extension paths, colon and dot forms, to 1.1 blocks and schemas", () => {
    const body = toSCIM1Patch(
      [
        add(`${E2}:employeeNumber`, "1815"),
        add(E2, { department: "Engines", manager: { managerId: "W2" } }),
        add(`${P2}:startDate`, "2024-04-10T00:00:00+0000"),
      ],
      "User",
    );
    expect(body).toEqual({
      schemas: [CORE, E1, P1],
      [E1]: { employeeNumber: "1815", department: "Engines", manager: { managerId: "W2" } },
      [P1]: { startDate: "2024-04-10T00:00:00+0000" },
    });
    expect(toSCIM1Patch([replace(`${E2}.manager.managerId`, "W3")], "User")).toEqual({
      schemas: [CORE, E1],
      [E1]: { manager: { managerId: "W3" } },
    });
  });

  it("turns removals into meta.attributes in 1.1's dotted, URN-prefixed form", () => {
    const body = toSCIM1Patch(
      [
        remove("name.honorificPrefix"),
        remove(`${E2}.costCenter`),
        remove(`${E2}.manager.managerId`),
        remove(`${G2}.expiration`),
        remove("roles"),
        remove("title"),
      ],
      "User",
    );
    expect(body).toEqual({
      schemas: [CORE, E1, G1],
      meta: {
        attributes: [
          "name.honorificPrefix",
          `${E1}.costCenter`,
          `${E1}.manager.managerId`,
          `${G1}.expiration`,
          "roles",
          "title",
        ],
      },
    });
  });

  it("removes and adds whole extension blocks (guest conversion)", () => {
    expect(toSCIM1Patch([remove(G2)], "User")).toEqual({ schemas: [CORE, G1], meta: { attributes: [G1] } });
    expect(toSCIM1Patch([add(G2, { type: "multi" })], "User")).toEqual({
      schemas: [CORE, G1],
      [G1]: { type: "multi" },
    });
  });

  it("turns value-filtered removals into entries with operation delete", () => {
    const body = toSCIM1Patch(
      [remove('emails[value eq "old@x.example"]'), remove('phoneNumbers[value eq "+1 555 0100"]')],
      "User",
    );
    expect(body).toEqual({
      schemas: [CORE],
      emails: [{ value: "old@x.example", operation: "delete" }],
      phoneNumbers: [{ value: "+1 555 0100", operation: "delete" }],
    });
  });

  it("expresses the primary and secondary email forms", () => {
    expect(toSCIM1Patch([replacePrimaryEmail("a@x.example")], "User")).toEqual({
      schemas: [CORE],
      emails: [{ value: "a@x.example", primary: true }],
    });
    // 1.1 takes the primary from the emails sent, so a secondary travels with the (restated) primary.
    expect(
      toSCIM1Patch(
        [
          replacePrimaryEmail("a@x.example"),
          replace("emails[primary eq false]", { value: "b@x.example", primary: false }),
        ],
        "User",
      ),
    ).toEqual({
      schemas: [CORE],
      emails: [
        { value: "a@x.example", primary: true },
        { value: "b@x.example", primary: false },
      ],
    });
    expect(toSCIM1Patch([remove("emails[primary eq false]")], "User")).toEqual({
      schemas: [CORE],
      meta: { attributes: ["emails"] },
    });
    // The diff's swap: remove the secondary, change the primary, add the old primary as secondary.
    const swap: PatchOperation[] = [
      { op: "remove", path: "emails[primary eq false]" },
      { op: "replace", path: "emails[primary eq true].value", value: "b@x.example" },
      { op: "add", path: "emails", value: [{ value: "a@x.example", primary: false }] },
    ];
    expect(toSCIM1Patch(swap, "User")).toEqual({
      schemas: [CORE],
      emails: [
        { value: "b@x.example", primary: true },
        { value: "a@x.example", primary: false },
      ],
    });
  });

  it("adds multi-valued entries and replaces a phone entry by value", () => {
    expect(
      toSCIM1Patch([replacePrimaryEmail("a@x.example"), add("emails", { value: "c@x.example" })], "User"),
    ).toEqual({
      schemas: [CORE],
      emails: [{ value: "a@x.example", primary: true }, { value: "c@x.example" }],
    });
    expect(
      toSCIM1Patch([replace('phoneNumbers[value eq "+1"]', { value: "+2", type: "work" })], "User"),
    ).toEqual({
      schemas: [CORE],
      phoneNumbers: [
        { value: "+1", operation: "delete" },
        { value: "+2", type: "work" },
      ],
    });
    expect(toSCIM1Patch([{ op: "remove", path: "roles", value: ["Lead"] }], "User")).toEqual({
      schemas: [CORE],
      roles: [{ value: "Lead", operation: "delete" }],
    });
  });

  it("spreads a path-less operation over its attributes, 2.0 URN keys included", () => {
    expect(
      toSCIM1Patch(
        [{ op: "replace", value: { schemas: ["x"], title: "CTO", [E2]: { division: "R&D" } } }],
        "User",
      ),
    ).toEqual({ schemas: [CORE, E1], title: "CTO", [E1]: { division: "R&D" } });
  });

  it("accepts 1.1 URNs in paths", () => {
    expect(toSCIM1Patch([remove(`${E1}.department`), add(`${E1}:division`, "X")], "User")).toEqual({
      schemas: [CORE, E1],
      [E1]: { division: "X" },
      meta: { attributes: [`${E1}.department`] },
    });
  });

  it("returns a plain partial resource with schemas defaulted", () => {
    expect(toSCIM1Patch({ userName: "chenderson" }, "User")).toEqual({
      schemas: [CORE],
      userName: "chenderson",
    });
    expect(toSCIM1Patch({ schemas: [CORE, P1], [P1]: {} }, "User")).toEqual({
      schemas: [CORE, P1],
      [P1]: {},
    });
  });
});

describe("toSCIM1Patch (groups)", () => {
  it("sends member adds and deletes in one members list", () => {
    expect(
      toSCIM1Patch([addMembers(["W1"]), removeMember("W2"), remove("members[value eq W3]")], "Group"),
    ).toEqual({
      schemas: [CORE],
      members: [{ value: "W1" }, { value: "W2", operation: "delete" }, { value: "W3", operation: "delete" }],
    });
  });

  it("renames and removes listed members", () => {
    expect(
      toSCIM1Patch(
        [replace("displayName", "eng"), { op: "remove", path: "members", value: [{ value: "W1" }, "W2"] }],
        "Group",
      ),
    ).toEqual({
      schemas: [CORE],
      displayName: "eng",
      members: [
        { value: "W1", operation: "delete" },
        { value: "W2", operation: "delete" },
      ],
    });
  });
});

describe("toSCIM1Patch refusals", () => {
  const refusals: [string, PatchOperation[], "User" | "Group", RegExp][] = [
    [
      "replace on members",
      [replace("members", [{ value: "W1" }])],
      "Group",
      /cannot replace a group's member list/,
    ],
    ["remove on plain members", [remove("members")], "Group", /cannot remove every member/],
    ["a filter on type", [remove('emails[type eq "work"]')], "User", /no value filters/],
    ["a filter with or", [remove('members[value eq "a" or value eq "b"]')], "Group", /no value filters/],
    [
      "replace of a phone by value",
      [replace('phoneNumbers[value eq "+1"].value', "+2")],
      "User",
      /phone slot/,
    ],
    ["removing the primary email", [remove("emails[primary eq true]")], "User", /primary email/],
    ["a sub-attribute on every value", [replace("emails.value", "x")], "User", /every value/],
    [
      "set then remove",
      [replace("title", "x"), remove("title")],
      "User",
      /operation 1 \(remove title\).*removes title, which operation 0 sets/,
    ],
    [
      "remove then set",
      [remove("name"), replace("name.givenName", "x")],
      "User",
      /operation 1.*operation 0 removes/,
    ],
    [
      "remove then add entries",
      [remove("phoneNumbers"), add("phoneNumbers", [{ value: "+1" }])],
      "User",
      /adds to/,
    ],
    ["an unknown URN", [{ op: "remove", path: "urn:example:x" }], "User", /unknown schema URN/],
    [
      "a bad path",
      [{ op: "remove", path: "nope" }],
      "User",
      /operation 0 \(remove nope\).*unknown attribute/,
    ],
    ["a missing value", [{ op: "add", path: "title" }], "User", /add needs a value/],
    ["a bad op", [{ op: "move", path: "title" } as never], "User", /unknown op/],
    ["remove without a path", [{ op: "remove" }], "User", /attribute map/],
    ["user attributes on groups", [replace("title", "x")], "Group", /unknown attribute/],
  ];

  it.each(refusals)("refuses %s with a TypeError naming the operation", (_, ops, resource, message) => {
    expect(() => toSCIM1Patch(ops, resource)).toThrow(TypeError);
    expect(() => toSCIM1Patch(ops, resource)).toThrow(message);
  });

  it("refuses a registered custom URN, which has no 1.1 equivalent", () => {
    const ops: PatchOperation[] = [{ op: "add", path: "urn:example:x:attr", value: 1 }];
    expect(() => toSCIM1Patch(ops, "User", { extensions: ["urn:example:x"] })).toThrow(
      /no SCIM 1.1 equivalent/,
    );
  });

  it("refuses an empty list and non-objects", () => {
    expect(() => toSCIM1Patch([], "User")).toThrow(/at least one/);
    expect(() => toSCIM1Patch("x" as never, "User")).toThrow(TypeError);
  });
});
