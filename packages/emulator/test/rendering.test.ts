import { describe, expect, it } from "vitest";
import { createUser, start, urn } from "./helpers/server.js";

/**
 * Slack's representation rule (docs/behaviour.md, Users: representation): addresses, phoneNumbers, userType, roles, preferredLanguage, locale and the
 * enterprise and profile blocks appear all together (empty ones as null) or not at all, and `schemas` lists
 * exactly the blocks present. The emulator's trigger (README): any of them holding a value.
 */

const extended = [
  "addresses",
  "phoneNumbers",
  "userType",
  "roles",
  "preferredLanguage",
  "locale",
  urn.ent2,
  urn.profile2,
] as const;

const triggers: [string, Record<string, unknown>][] = [
  ["an address", { addresses: [{ country: "NO" }] }],
  ["a phone number", { phoneNumbers: [{ value: "+47 1" }] }],
  ["a userType", { userType: "Contractor" }],
  ["a role", { roles: ["Lead"] }],
  ["a preferredLanguage", { preferredLanguage: "nb_NO" }],
  ["a locale", { locale: "nb-NO" }],
  ["an honorificPrefix", { name: { givenName: "A", familyName: "B", honorificPrefix: "Dr" } }],
  ["an enterprise member", { [urn.ent2]: { costCenter: "C1" } }],
  ["a manager", { [urn.ent2]: { manager: { managerId: "W0000000001" } } }],
  ["a start date", { schemas: [urn.user2, urn.profile2], [urn.profile2]: { startDate: "2024-01-01" } }],
];

describe("sparse and full user rendering", () => {
  it.each(triggers)(
    "a user with only %s renders every extended attribute, null when empty",
    async (_t, extra) => {
      const t = await start();
      const u = await createUser(t, 2, "full", extra);
      expect(u.schemas).toEqual([urn.user2, urn.ent2, urn.profile2]);
      for (const key of extended) expect(u, key).toHaveProperty([key]);
      expect(u.addresses).toHaveLength(1);
      expect(Object.keys(u.addresses[0])).toEqual([
        "streetAddress",
        "locality",
        "region",
        "postalCode",
        "country",
      ]);
      expect(u.phoneNumbers).toHaveLength(2);
      expect(u.roles).toHaveLength(1);
      expect(Object.keys(u.name)).toEqual(["givenName", "familyName", "honorificPrefix"]);
      expect(Object.keys(u[urn.ent2])).toEqual([
        "employeeNumber",
        "costCenter",
        "organization",
        "division",
        "department",
        "manager",
      ]);
    },
  );

  it.each([
    ["a title and display name", { title: "T", displayName: "D" }],
    ["a secondary email", { emails: [{ value: "a@acme.example" }, { value: "b@acme.example" }] }],
    ["a photo", { photos: [{ value: "https://img.example/p.png" }] }],
    ["blank extended values", { userType: " ", locale: "", addresses: [{ locality: " " }], roles: [""] }],
    ["an empty enterprise block", { [urn.ent2]: { department: "", manager: { managerId: null } } }],
  ])("a user with only %s renders sparse: core schema and no extended attribute", async (_t, extra) => {
    const t = await start();
    const u = await createUser(t, 2, "sparse", extra);
    expect(u.schemas).toEqual([urn.user2]);
    for (const key of extended) expect(u, key).not.toHaveProperty([key]);
    expect(Object.keys(u.name)).toEqual(["givenName", "familyName"]);
  });

  it("lists the guest URN, and the guest block after groups, for a multi-channel guest", async () => {
    const t = await start();
    const sparse = await createUser(t, 1, "guest.sparse", {
      schemas: [urn.core1, urn.guest1],
      [urn.guest1]: { type: "multi" },
    });
    expect(sparse.schemas).toEqual([urn.core1, urn.guest1]);
    const full = await createUser(t, 1, "guest.full", {
      schemas: [urn.core1, urn.guest1],
      locale: "en-US",
      [urn.guest1]: { type: "multi" },
    });
    expect(full.schemas).toEqual([urn.core1, urn.ent1, urn.profile1, urn.guest1]);
    expect(Object.keys(full).slice(-2)).toEqual(["groups", urn.guest1]);
  });

  it("turns sparse again when a PATCH clears the last extended value", async () => {
    const t = await start();
    const u = await createUser(t, 1, "shrink", { locale: "en-US" });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, { schemas: [urn.core1], locale: " " });
    expect(res.json.schemas).toEqual([urn.core1]);
    expect(res.json).not.toHaveProperty("locale");
  });
});
