import { describe, expect, it } from "vitest";
import { createUser, start, urn } from "./helpers/server.js";

/**
 * The user schema document lists Slack's extensions: Slack documents that `/Schemas/Users` includes the guest
 * extension, and it accepts the enterprise and profile extensions. Each is a complex attribute named by its URN.
 */

interface SchemaAttr {
  name: string;
  type: string;
  schema?: string;
  subAttributes?: SchemaAttr[];
  canonicalValues?: string[];
}

const names = (attrs: SchemaAttr[] | undefined) => (attrs ?? []).map((a) => a.name);

const extensions = {
  1: { enterprise: urn.ent1, guest: urn.guest1, profile: urn.profile1 },
  2: { enterprise: urn.ent2, guest: urn.guest2, profile: urn.profile2 },
} as const;

describe("user schema documents list the extensions", () => {
  it.each([1, 2] as const)(
    "%s: /Schemas/Users has the guest, enterprise and profile blocks",
    async (version) => {
      const { call } = await start();
      const doc = (await call(version, "GET", "Schemas/Users")).json;
      const attrs = doc.attributes as SchemaAttr[];
      const ext = extensions[version];
      expect(names(attrs)).toEqual(
        expect.arrayContaining(["userName", ext.guest, ext.enterprise, ext.profile]),
      );
      const guest = attrs.find((a) => a.name === ext.guest) as SchemaAttr;
      expect(guest.type).toBe("complex");
      expect(names(guest.subAttributes)).toEqual(["type", "expiration", "channels"]);
      const enterprise = attrs.find((a) => a.name === ext.enterprise) as SchemaAttr;
      expect(names(enterprise.subAttributes)).toEqual([
        "employeeNumber",
        "costCenter",
        "organization",
        "division",
        "department",
        "manager",
      ]);
      expect(names(enterprise.subAttributes?.find((a) => a.name === "manager")?.subAttributes)).toEqual([
        "managerId",
      ]);
      const profile = attrs.find((a) => a.name === ext.profile) as SchemaAttr;
      expect(names(profile.subAttributes)).toEqual(["startDate"]);
    },
  );

  it("1.1 names each extension attribute's own schema URN", async () => {
    const { call } = await start();
    const attrs = (await call(1, "GET", "Schemas/Users")).json.attributes as SchemaAttr[];
    expect(attrs.find((a) => a.name === "userName")?.schema).toBe(urn.core1);
    const guest = attrs.find((a) => a.name === urn.guest1) as SchemaAttr;
    expect(guest.schema).toBe(urn.guest1);
    expect(guest.subAttributes?.map((a) => a.schema)).toEqual([urn.guest1, urn.guest1, urn.guest1]);
    const enterprise = attrs.find((a) => a.name === urn.ent1) as SchemaAttr;
    const manager = enterprise.subAttributes?.find((a) => a.name === "manager");
    expect(manager?.subAttributes?.[0]?.schema).toBe(urn.ent1);
  });

  it("2.0 /Schemas carries the same user schema, and guest type's only value is multi", async () => {
    const { call } = await start();
    const list = (await call(2, "GET", "Schemas")).json.Resources as {
      id: string;
      attributes: SchemaAttr[];
    }[];
    const user = list.find((s) => s.id === urn.user2);
    expect(user).toEqual((await call(2, "GET", "Schemas/Users")).json);
    const guest = user?.attributes.find((a) => a.name === urn.guest2);
    expect(guest?.subAttributes?.find((a) => a.name === "type")?.canonicalValues).toEqual(["multi"]);
    // The group schema has no extension.
    const group = list.find((s) => s.id === urn.group2);
    expect(names(group?.attributes)).toEqual(["id", "displayName", "members"]);
  });

  it.each([1, 2] as const)("%s: every extension member a user shows is in the schema", async (version) => {
    const t = await start();
    const ext = extensions[version];
    const user = await createUser(t, version, "schema.check", {
      schemas: [version === 1 ? urn.core1 : urn.user2, ext.enterprise, ext.guest, ext.profile],
      [ext.enterprise]: { employeeNumber: "7", department: "R&D", manager: { managerId: "boss" } },
      [ext.guest]: { type: "multi", expiration: "2030-01-01T00:00:00Z" },
      [ext.profile]: { startDate: "2024-04-10T00:00:00+0000" },
    });
    const attrs = (await t.call(version, "GET", "Schemas/Users")).json.attributes as SchemaAttr[];
    for (const urnOf of [ext.enterprise, ext.guest, ext.profile]) {
      const listed = names(attrs.find((a) => a.name === urnOf)?.subAttributes);
      expect(listed, urnOf).toEqual(expect.arrayContaining(Object.keys(user[urnOf])));
    }
    // And every top-level key of the user is a schema attribute, or `schemas` / `meta`.
    const top = Object.keys(user).filter((k) => k !== "schemas" && k !== "meta");
    expect(names(attrs)).toEqual(expect.arrayContaining(top));
  });
});
