import { describe, expect, it } from "vitest";
import { createUser, newUser1, newUser2, start, urn } from "./helpers/server.js";

/** docs/behaviour.md, Users: PUT: PUT replaces the whole user; what it omits becomes blank. */

const full = (v: 1 | 2) => ({
  displayName: "Full",
  title: "Engineer",
  timezone: "Europe/Oslo",
  name: { givenName: "Fu", familyName: "Ll", honorificPrefix: "Dr" },
  emails: [{ value: "full@acme.example", primary: true }, { value: "full.alt@acme.example" }],
  phoneNumbers: [{ value: "+47 1", primary: true }],
  addresses: [{ locality: "Oslo" }],
  photos: [{ value: "https://img.example/full.png" }],
  roles: ["Lead"],
  userType: "Employee",
  preferredLanguage: "nb_NO",
  locale: "nb-NO",
  schemas: v === 1 ? [urn.core1, urn.ent1, urn.profile1] : [urn.user2, urn.ent2, urn.profile2],
  [v === 1 ? urn.ent1 : urn.ent2]: { department: "R&D", manager: { managerId: "W0000000077" } },
  [v === 1 ? urn.profile1 : urn.profile2]: { startDate: "2024-04-10T00:00:00+0000" },
});

describe("PUT /Users/{id} clears what it omits", () => {
  for (const v of [1, 2] as const) {
    it(`${v === 1 ? "1.1" : "2.0"}: a PUT of only userName and emails blanks every other attribute`, async () => {
      const t = await start();
      const u = await createUser(t, v, "full", full(v));
      const body = (v === 1 ? newUser1 : newUser2)("full", { emails: [{ value: "full@acme.example" }] });
      const res = await t.call(v, "PUT", `Users/${u.id}`, body);
      expect(res.status).toBe(200);
      const stored = t.emulator.store.getUser(u.id);
      expect(stored).toMatchObject({
        displayName: "",
        title: "",
        timezone: "America/Los_Angeles",
        secondaryEmail: null,
        photo: null,
        address: null,
        primaryPhone: null,
        mobilePhone: null,
        role: null,
        userType: null,
        preferredLanguage: null,
        locale: null,
        enterprise: null,
        startDate: null,
      });
      expect(res.json.emails).toEqual([{ value: "full@acme.example", primary: true }]);
      // The kept honorificPrefix keeps the user full, so the cleared fields show as null, as in 3.8's example.
      expect(res.json).toMatchObject({
        displayName: "",
        title: "",
        userType: null,
        preferredLanguage: null,
        locale: null,
        phoneNumbers: [
          { value: null, type: "mobile" },
          { value: null, primary: true },
        ],
        roles: [{ value: null, primary: true }],
        [v === 1 ? urn.ent1 : urn.ent2]: { department: null, manager: { managerId: null } },
        [v === 1 ? urn.profile1 : urn.profile2]: { startDate: null },
      });
    });
  }

  it("stores no address, role or photo for empty lists", async () => {
    const t = await start();
    const u = await createUser(t, 1, "lists", { addresses: [{ locality: "Oslo" }], roles: ["Lead"] });
    await t.call(1, "PUT", `Users/${u.id}`, newUser1("lists", { addresses: [], roles: [], photos: [] }));
    expect(t.emulator.store.getUser(u.id)).toMatchObject({ address: null, role: null, photo: null });
  });

  it("keeps name and active when they are omitted (the documented 2.0 PUT example)", async () => {
    const t = await start();
    const u = await createUser(t, 2, "kept", full(2));
    await t.call(2, "DELETE", `Users/${u.id}`);
    const res = await t.call(2, "PUT", `Users/${u.id}`, newUser2("kept"));
    expect(res.json).toMatchObject({
      active: false,
      name: { givenName: "Fu", familyName: "Ll", honorificPrefix: "Dr" },
    });
  });

  it("sets what it is sent: a new userName moves nickName and profileUrl with it", async () => {
    const t = await start();
    const u = await createUser(t, 1, "old.name");
    const res = await t.call(1, "PUT", `Users/${u.id}`, newUser1("New.Name", { title: "Lead" }));
    expect(res.json).toMatchObject({ userName: "new.name", nickName: "new.name", title: "Lead" });
    expect(res.json.profileUrl).toMatch(/\/team\/new\.name$/);
  });

  it("ignores the read-only id, meta, groups and externalId a read sent back", async () => {
    const t = await start();
    const u = await createUser(t, 1, "ro");
    const res = await t.call(1, "PUT", `Users/${u.id}`, {
      ...u,
      id: "W0000000999",
      externalId: "changed",
      meta: { created: "2000-01-01T00:00:00Z" },
      groups: [{ value: "S0000000001" }],
      title: "Changed",
    });
    expect(res.json).toEqual({ ...u, title: "Changed" });
  });

  it("keeps the externalId given at creation; a PUT cannot change it", async () => {
    const t = await start();
    const u = await createUser(t, 2, "ext", { externalId: "okta-1" });
    expect(u.externalId).toBe("okta-1");
    const res = await t.call(2, "PUT", `Users/${u.id}`, { ...u, externalId: "okta-2" });
    expect(res.json.externalId).toBe("okta-1");
    expect(t.emulator.store.findUserByExternalId("okta-1")?.id).toBe(u.id);
  });

  it("lets two users share an externalId; the index keeps both and finds the first created", async () => {
    const t = await start();
    const a = await createUser(t, 2, "ext.a", { externalId: "okta-dup" });
    const b = await createUser(t, 1, "ext.b", { externalId: "okta-dup" });
    expect(b.externalId).toBe("okta-dup");
    expect(t.emulator.store.findUserByExternalId("okta-dup")?.id).toBe(a.id);
    // Re-indexing one (an update) must not drop the other.
    expect((await t.call(2, "PUT", `Users/${b.id}`, { ...b, schemas: [urn.user2], title: "x" })).status).toBe(
      200,
    );
    await t.call(2, "PUT", `Users/${a.id}`, { ...a, title: "y" });
    expect(t.emulator.store.findUserByExternalId("okta-dup")?.id).toBe(a.id);
    await t.call(2, "PUT", `Users/${a.id}`, { ...a, userName: "ext.a2", title: "z" });
    expect(t.emulator.store.findUserByExternalId("okta-dup")?.userName).toBe("ext.a2");
    expect(t.emulator.store.findUserByExternalId("nobody")).toBeUndefined();
  });

  it("refuses a userName another user holds (username_taken, 409)", async () => {
    const t = await start();
    await createUser(t, 2, "first");
    const u = await createUser(t, 2, "second");
    const res = await t.call(2, "PUT", `Users/${u.id}`, { ...newUser2("FIRST"), emails: u.emails });
    expect(res).toMatchObject({
      status: 409,
      json: { detail: "username_taken (username=first)", status: 409 },
    });
  });

  it.each([
    [{ password: "new" }, "password_change_not_allowed"],
    [{ schemas: undefined }, "missing_schema_element"],
    [{ userName: undefined }, "username_required"],
    [{ userName: 42 }, "username_invalid"],
    [{ emails: undefined }, "email_empty"],
    [{ name: "Ada Lovelace" }, "invalid_attribute_format"],
    [{ title: { text: "x" } }, "invalid_attribute_format"],
  ])("refuses %j with %s", async (extra, code) => {
    const t = await start();
    const u = await createUser(t, 1, "put.errors");
    const res = await t.call(1, "PUT", `Users/${u.id}`, newUser1("put.errors", extra));
    expect(res).toMatchObject({ status: 400, json: { Errors: { description: code, code: 400 } } });
  });

  it("cannot deactivate the primary owner (cannot_disable_primary_owner, 403)", async () => {
    const t = await start({ seed: { users: 1, random: 4 } });
    const owner = t.emulator.store.users()[0];
    const read = (await t.call(2, "GET", `Users/${owner?.id}`)).json;
    const res = await t.call(2, "PUT", `Users/${owner?.id}`, { ...read, active: false });
    expect(res).toMatchObject({ status: 403, json: { detail: "cannot_disable_primary_owner" } });
  });

  it("answers no_such_user (404) for an unknown id", async () => {
    const t = await start();
    const res = await t.call(2, "PUT", "Users/W0000000404", newUser2("ghost"));
    expect(res).toMatchObject({ status: 404, json: { detail: "no_such_user", status: 404 } });
  });
});
