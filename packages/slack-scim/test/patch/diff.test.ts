import { describe, expect, it } from "vitest";
import type { Group, User } from "../../src/index.js";
import { applyPatch, diffGroup, diffUser, toSCIM1Patch } from "../../src/patch/index.js";

const E2 = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const G2 = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
const P2 = "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User";
const E1 = "urn:scim:schemas:extension:enterprise:1.0";

const ada: User = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E2],
  id: "W0123ABCDEF",
  externalId: "",
  meta: { created: "2024-03-05T09:14:27-08:00", location: "https://api.slack.com/scim/v2/Users/W0123ABCDEF" },
  userName: "ada.lovelace",
  nickName: "ada.lovelace",
  name: { givenName: "Ada", familyName: "Lovelace", honorificPrefix: null },
  displayName: "Ada L",
  title: "Analyst",
  active: true,
  emails: [
    { value: "ada@acme.example", primary: true },
    { value: "ada.home@mail.example", primary: false },
  ],
  phoneNumbers: [
    { value: null, type: "mobile" },
    { value: "+44 20 7946 0000", primary: true },
  ],
  roles: [{ value: "Engineer", primary: true }],
  [E2]: { employeeNumber: "1815", costCenter: null, department: "Engines", manager: { managerId: null } },
  groups: [{ value: "S1", display: "analytics" }],
};

describe("diffUser", () => {
  it("is empty for the same user and ignores read-only attributes", () => {
    expect(diffUser(ada, structuredClone(ada))).toEqual([]);
    expect(diffUser(ada, { ...ada, id: "W9", meta: {}, groups: [], schemas: [], externalId: "x" })).toEqual(
      [],
    );
  });

  it("leaves attributes out of desired alone, and clears null ones", () => {
    expect(diffUser(ada, { title: "CTO" })).toEqual([{ op: "replace", path: "title", value: "CTO" }]);
    expect(diffUser(ada, { title: null, active: false })).toEqual([
      { op: "remove", path: "title" },
      { op: "replace", path: "active", value: false },
    ]);
  });

  it("diffs name per sub-attribute", () => {
    expect(diffUser(ada, { name: { givenName: "Augusta", honorificPrefix: "Countess" } })).toEqual([
      { op: "replace", path: "name.givenName", value: "Augusta" },
      { op: "replace", path: "name.honorificPrefix", value: "Countess" },
    ]);
    expect(diffUser(ada, { name: { familyName: null } })).toEqual([
      { op: "remove", path: "name.familyName" },
    ]);
  });

  it("uses Slack's documented extension paths: colon form to add, dot form to remove", () => {
    expect(
      diffUser(ada, {
        [E2]: { employeeNumber: "1816", department: null, costCenter: "RD", manager: { managerId: "W2" } },
      }),
    ).toEqual([
      { op: "add", path: `${E2}:employeeNumber`, value: "1816" },
      { op: "add", path: `${E2}:costCenter`, value: "RD" },
      { op: "remove", path: `${E2}.department` },
      { op: "add", path: E2, value: { manager: { managerId: "W2" } } },
    ]);
    const managed = { ...ada, [E2]: { manager: { managerId: "W2" } } };
    expect(diffUser(managed, { [E2]: { manager: { managerId: null } } })).toEqual([
      { op: "remove", path: `${E2}.manager.managerId` },
    ]);
    expect(diffUser(managed, { [E2]: null })).toEqual([{ op: "remove", path: E2 }]);
  });

  it("uses the URNs the objects carry (1.1 users give 1.1 paths that translate)", () => {
    const v1: User = { userName: "ada", [E1]: { department: "A" } };
    const ops = diffUser(v1, { [E1]: { department: "B", division: "X" } });
    expect(ops).toEqual([
      { op: "add", path: `${E1}:division`, value: "X" },
      { op: "add", path: `${E1}:department`, value: "B" },
    ]);
    expect(toSCIM1Patch(ops, "User")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0", E1],
      [E1]: { division: "X", department: "B" },
    });
  });

  it("changes the primary email through emails[primary eq true].value, never replacing the list", () => {
    const desired = {
      emails: [{ value: "ada@new.example", primary: true }, { value: "ada.home@mail.example" }],
    };
    expect(diffUser(ada, desired)).toEqual([
      { op: "replace", path: "emails[primary eq true].value", value: "ada@new.example" },
    ]);
  });

  it("changes, removes and adds the secondary email", () => {
    const primary = { value: "ada@acme.example", primary: true };
    // Setting the secondary restates the unchanged primary: a no-op on 2.0, and what keeps 1.1 (which takes
    // the first email sent as the primary) from promoting the secondary.
    const restate = { op: "replace", path: "emails[primary eq true].value", value: "ada@acme.example" };
    expect(diffUser(ada, { emails: [primary, { value: "b@x.example" }] })).toEqual([
      restate,
      { op: "replace", path: "emails[primary eq false]", value: { value: "b@x.example", primary: false } },
    ]);
    expect(diffUser(ada, { emails: [primary] })).toEqual([
      { op: "remove", path: "emails[primary eq false]" },
    ]);
    expect(diffUser({ emails: [primary] }, { emails: [primary, { value: "b@x.example" }] })).toEqual([
      restate,
      { op: "add", path: "emails", value: [{ value: "b@x.example", primary: false }] },
    ]);
    expect(
      toSCIM1Patch(diffUser(ada, { emails: [primary, { value: "b@x.example" }] }), "User").emails,
    ).toEqual([
      { value: "ada@acme.example", primary: true },
      { value: "b@x.example", primary: false },
    ]);
  });

  it("swaps primary and secondary without holding an address twice", () => {
    const desired = {
      emails: [{ value: "ada.home@mail.example", primary: true }, { value: "ada@acme.example" }],
    };
    const ops = diffUser(ada, desired);
    expect(ops).toEqual([
      { op: "remove", path: "emails[primary eq false]" },
      { op: "replace", path: "emails[primary eq true].value", value: "ada.home@mail.example" },
      { op: "add", path: "emails", value: [{ value: "ada@acme.example", primary: false }] },
    ]);
    expect(applyPatch(ada, ops).emails).toEqual([
      { value: "ada.home@mail.example", primary: true },
      { value: "ada@acme.example", primary: false },
    ]);
  });

  it("addresses emails by value when the primary flag does not single one out", () => {
    const current: User = { emails: [{ value: "a@x.example" }, { value: "b@x.example" }] };
    expect(diffUser(current, { emails: [{ value: "c@x.example" }, { value: "b@x.example" }] })).toEqual([
      {
        op: "replace",
        path: 'emails[value eq "a@x.example"]',
        value: { value: "c@x.example", primary: true },
      },
    ]);
  });

  it("diffs phone numbers by slot, sending them in request form", () => {
    // Read form: primary: true is the primary phone, type "mobile" the mobile phone. Request form: primary: true
    // sets the primary phone and type "work" the mobile one (type "mobile" would target the primary slot).
    const desired = {
      phoneNumbers: [
        { value: "+44 20 7946 0001", primary: true },
        { value: "+1 555", type: "mobile" },
      ],
    };
    expect(diffUser(ada, desired)).toEqual([
      {
        op: "add",
        path: "phoneNumbers",
        value: [
          { value: "+44 20 7946 0001", primary: true },
          { value: "+1 555", type: "work" },
        ],
      },
    ]);
    expect(diffUser(ada, { phoneNumbers: [] })).toEqual([
      { op: "remove", path: 'phoneNumbers[value eq "+44 20 7946 0000"]' },
    ]);
    expect(diffUser(ada, { phoneNumbers: null } as never)).toEqual([
      { op: "remove", path: 'phoneNumbers[value eq "+44 20 7946 0000"]' },
    ]);
  });

  it("changes only the mobile phone without touching the primary (finding 2)", () => {
    const both: User = {
      phoneNumbers: [
        { value: "+1 555 0002", type: "mobile" },
        { value: "+1 555 0001", primary: true },
      ],
    };
    const desired = {
      phoneNumbers: [
        { value: "+1 555 0003", type: "mobile" },
        { value: "+1 555 0001", primary: true },
      ],
    };
    const ops = diffUser(both, desired);
    expect(ops).toEqual([
      { op: "add", path: "phoneNumbers", value: [{ value: "+1 555 0003", type: "work" }] },
    ]);
    expect(toSCIM1Patch(ops, "User")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      phoneNumbers: [{ value: "+1 555 0003", type: "work" }],
    });
    expect(diffUser(both, both)).toEqual([]);
    // Slack's empty slot (null) is no number; both cleared is one remove.
    expect(diffUser(both, { phoneNumbers: [{ value: null, type: "mobile" }] } as never)).toEqual([
      { op: "remove", path: "phoneNumbers" },
    ]);
    // One number in both slots: a value filter cannot pick one, so both are cleared and the kept one re-added.
    const same: User = {
      phoneNumbers: [
        { value: "+1", type: "mobile" },
        { value: "+1", primary: true },
      ],
    };
    expect(diffUser(same, { phoneNumbers: [{ value: "+1", primary: true }] })).toEqual([
      { op: "remove", path: "phoneNumbers" },
      { op: "add", path: "phoneNumbers", value: [{ value: "+1", primary: true }] },
    ]);
  });

  it("replaces single-slot lists and removes emptied ones", () => {
    expect(diffUser(ada, { roles: ["Lead"] })).toEqual([{ op: "replace", path: "roles", value: ["Lead"] }]);
    expect(diffUser(ada, { roles: [] })).toEqual([{ op: "remove", path: "roles" }]);
    expect(diffUser(ada, { addresses: [] })).toEqual([]);
  });

  it("compares roles, addresses and photos in the form Slack reads back (finding 4)", () => {
    // A string role reads back as { value, primary: true }; an empty role as { value: null, primary: true }.
    expect(diffUser(ada, { roles: ["Engineer"] })).toEqual([]);
    expect(diffUser({ roles: [{ value: null, primary: true }] } as never, { roles: [] })).toEqual([]);
    // An address reads back as its five members, null when empty; type and primary are not stored.
    const read = {
      addresses: [{ streetAddress: null, locality: "London", region: null, postalCode: "", country: "GB" }],
    } as never;
    expect(
      diffUser(read, { addresses: [{ type: "work", locality: "London", country: "GB", primary: true }] }),
    ).toEqual([]);
    expect(diffUser(read, { addresses: [{ locality: "Paris", country: "GB" }] })).toEqual([
      { op: "replace", path: "addresses", value: [{ locality: "Paris", country: "GB" }] },
    ]);
    const empty = {
      addresses: [{ streetAddress: null, locality: null, region: null, postalCode: null, country: null }],
    };
    expect(diffUser(empty as never, { addresses: [] })).toEqual([]);
    expect(diffUser(read, { addresses: null } as never)).toEqual([{ op: "remove", path: "addresses" }]);
    // Photos: Slack's default avatar is no photo; its processed copy matches any desired photo ("auto").
    const photo = [{ value: "https://img.example/ada.jpg" }];
    const avatar = {
      photos: [{ value: "https://a.slack-edge.com/80588/img/avatars/ava_0001-192.png", type: "photo" }],
    };
    const processed = {
      photos: [{ value: "https://avatars.slack-edge.com/2024-03-05/1_ab_192.jpg", type: "photo" }],
    };
    expect(diffUser(avatar, { photos: photo })).toEqual([{ op: "replace", path: "photos", value: photo }]);
    expect(diffUser(processed, { photos: photo })).toEqual([]);
    expect(diffUser(processed, { photos: photo }, { photos: "byValue" })).toEqual([
      { op: "replace", path: "photos", value: photo },
    ]);
    expect(diffUser(avatar, { photos: photo }, { photos: "ignore" })).toEqual([]);
    expect(
      diffUser({ photos: [{ value: "https://img.example/ada.jpg", type: "photo" }] }, { photos: photo }),
    ).toEqual([]);
    expect(diffUser(avatar, { photos: [] })).toEqual([]);
    expect(diffUser(avatar, {}, { removeMissing: true })).toEqual([]);
    expect(diffUser(processed, { photos: [] })).toEqual([{ op: "remove", path: "photos" }]);
  });

  it("converts member to guest with one add on the guest URN, and back with a remove", () => {
    expect(
      diffUser(ada, { [G2]: { type: "multi", expiration: "2026-12-31T23:59:59Z", channels: [] } }),
    ).toEqual([{ op: "add", path: G2, value: { type: "multi", expiration: "2026-12-31T23:59:59Z" } }]);
    const guest = { ...ada, [G2]: { type: "multi", expiration: "2026-12-31T23:59:59Z" } };
    expect(diffUser(guest, { [G2]: null })).toEqual([{ op: "remove", path: G2 }]);
    expect(diffUser(guest, { [G2]: { expiration: null } })).toEqual([
      { op: "remove", path: `${G2}.expiration` },
    ]);
  });

  it("clears missing attributes only when asked", () => {
    const guest: User = {
      title: "A",
      name: { givenName: "G", familyName: "F" },
      [P2]: { startDate: "x" },
      [G2]: { type: "multi" },
    };
    expect(diffUser(guest, {})).toEqual([]);
    // An absent name is unknown, not empty: Slack requires a full name (invalid_name_required).
    expect(diffUser(guest, {}, { removeMissing: true })).toEqual([
      { op: "remove", path: "title" },
      { op: "remove", path: `${P2}.startDate` },
    ]);
    expect(diffUser(guest, { name: { givenName: "G" } }, { removeMissing: true })).toEqual([
      { op: "remove", path: "title" },
      { op: "remove", path: "name.familyName" },
      { op: "remove", path: `${P2}.startDate` },
    ]);
    expect(diffUser(guest, {}, { removeMissing: ["name.familyName", P2] })).toEqual([
      { op: "remove", path: "name.familyName" },
      { op: "remove", path: `${P2}.startDate` },
    ]);
    expect(diffUser(guest, {}, { removeMissing: [G2] })).toEqual([{ op: "remove", path: G2 }]);
    expect(() => diffUser(guest, {}, { removeMissing: ["nope"] })).toThrow(/unknown attribute/);
  });

  it("never clears identity and state with removeMissing, and resets the timezone only when asked (finding 3)", () => {
    const full: User = {
      userName: "ada",
      nickName: "ada",
      active: true,
      timezone: "Europe/London",
      title: "A",
      name: { givenName: "Ada", familyName: "L", honorificPrefix: "Dr" },
    };
    expect(diffUser(full, { name: { givenName: "Ada", familyName: "L" } }, { removeMissing: true })).toEqual([
      { op: "remove", path: "title" },
      { op: "remove", path: "name.honorificPrefix" },
    ]);
    // Clearing the timezone resets it to Slack's default, which then counts as cleared.
    expect(diffUser(full, {}, { removeMissing: ["timezone"] })).toEqual([{ op: "remove", path: "timezone" }]);
    expect(diffUser(full, { timezone: null })).toEqual([{ op: "remove", path: "timezone" }]);
    expect(diffUser({ timezone: "America/Los_Angeles" }, { timezone: null })).toEqual([]);
    expect(diffUser({ timezone: "America/Los_Angeles" }, {}, { removeMissing: ["timezone"] })).toEqual([]);
    for (const path of ["userName", "nickName", "active"]) {
      expect(() => diffUser(full, {}, { removeMissing: [path] })).toThrow(
        new RegExp(`removeMissing cannot clear ${path}`),
      );
    }
    expect(() => diffUser(full, { userName: null })).toThrow(
      /desired.userName cannot be null.*username_empty/,
    );
    expect(() => diffUser(full, { nickName: "" })).toThrow(/desired.nickName cannot be ""/);
    expect(() => diffUser(full, { active: null })).toThrow(/desired.active cannot be null/);
    expect(diffUser({ userName: "" }, { userName: null })).toEqual([]);
  });
});

describe("diffGroup", () => {
  const group: Group = {
    id: "S1",
    displayName: "analytics",
    members: [{ value: "W1", display: "Ada" }, { value: "W2" }, { value: "W3" }],
  };

  it("adds and removes only the difference", () => {
    expect(
      diffGroup(group, { members: [{ value: "W2" }, { value: "W3" }, { value: "W4" }, { value: "W5" }] }),
    ).toEqual([
      { op: "remove", path: 'members[value eq "W1"]' },
      { op: "add", path: "members", value: [{ value: "W4" }, { value: "W5" }] },
    ]);
  });

  it("renames, leaves members alone when desired has none, and empties one by one", () => {
    expect(diffGroup(group, { displayName: "eng" })).toEqual([
      { op: "replace", path: "displayName", value: "eng" },
    ]);
    expect(diffGroup(group, { members: [] })).toEqual([
      { op: "remove", path: 'members[value eq "W1"]' },
      { op: "remove", path: 'members[value eq "W2"]' },
      { op: "remove", path: 'members[value eq "W3"]' },
    ]);
    expect(diffGroup(group, group)).toEqual([]);
  });

  it("can send removals as one value list", () => {
    const ops = diffGroup(group, { members: [{ value: "W3" }] }, { memberRemoval: "list" });
    expect(ops).toEqual([{ op: "remove", path: "members", value: [{ value: "W1" }, { value: "W2" }] }]);
    expect(applyPatch(group, ops).members).toEqual([{ value: "W3" }]);
    expect(toSCIM1Patch(ops, "Group").members).toEqual([
      { value: "W1", operation: "delete" },
      { value: "W2", operation: "delete" },
    ]);
  });

  it("translates to 1.1 with member deletes", () => {
    const ops = diffGroup(group, { displayName: "eng", members: [{ value: "W1" }, { value: "W9" }] });
    expect(toSCIM1Patch(ops, "Group")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      displayName: "eng",
      members: [{ value: "W2", operation: "delete" }, { value: "W3", operation: "delete" }, { value: "W9" }],
    });
  });
});

describe("diffUser and Slack's cleared strings", () => {
  it("treats a string Slack cleared to empty as already cleared", () => {
    expect(diffUser({ title: "", displayName: "" }, { title: null, displayName: "" })).toEqual([]);
    expect(diffUser({ title: null }, { title: "" })).toEqual([]);
  });

  it("clears a value when desired is the empty string", () => {
    expect(diffUser({ title: "Analyst" }, { title: "" })).toEqual([{ op: "remove", path: "title" }]);
  });
});

describe("diffUser and Slack's required full name", () => {
  it("refuses a desired user that clears both given and family name (invalid_name_required)", () => {
    const current = { name: { givenName: "Ada", familyName: "Lovelace" } };
    expect(() => diffUser(current, { name: null })).toThrow(/invalid_name_required/);
    expect(() => diffUser(current, { name: { givenName: null, familyName: " " } })).toThrow(TypeError);
  });

  it("clears one part when the other stays", () => {
    expect(
      diffUser({ name: { givenName: "Ada", familyName: "Lovelace" } }, { name: { familyName: null } }),
    ).toEqual([{ op: "remove", path: "name.familyName" }]);
  });
});
