import { describe, expect, it } from "vitest";
import { createUser, start, urn } from "./helpers/server.js";

/** SCIM 1.1 PATCH of single-valued attributes (docs/behaviour.md, SCIM 1.1 PATCH). */

const patch = (body: Record<string, unknown>) => ({ schemas: [urn.core1], ...body });

describe("SCIM 1.1 PATCH: simple attributes", () => {
  it("active: false deactivates and active: true reactivates", async () => {
    const t = await start();
    const u = await createUser(t, 1, "toggle");
    const off = await t.call(1, "PATCH", `Users/${u.id}`, patch({ active: false }));
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect(t.emulator.store.getUser(u.id)?.active).toBe(false);
    const on = await t.call(1, "PATCH", `Users/${u.id}`, patch({ active: true }));
    expect(on.json.active).toBe(true);
  });

  it("changing nickName changes userName too", async () => {
    const t = await start();
    const u = await createUser(t, 1, "before");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ nickName: "After" }));
    expect(res.json).toMatchObject({ userName: "after", nickName: "after" });
    expect(res.json.profileUrl).toMatch(/\/team\/after$/);
  });

  it("with both userName and nickName sent, userName is the one stored", async () => {
    const t = await start();
    const u = await createUser(t, 1, "both");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ nickName: "nick", userName: "user" }));
    expect(res.json).toMatchObject({ userName: "user", nickName: "user" });
  });

  it.each([
    ["userName", ""],
    ["userName", " "],
    ["nickName", ""],
  ])("refuses to empty %s (%j) with username_empty and keeps the user as it was", async (attr, value) => {
    const t = await start();
    const u = await createUser(t, 1, "keepme");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ [attr]: value }));
    expect(res).toMatchObject({
      status: 400,
      json: { Errors: { description: "username_empty", code: 400 } },
    });
    expect((await t.call(1, "GET", `Users/${u.id}`)).json.userName).toBe("keepme");
  });

  it("sets displayName, and checks it with Slack's display-name rules", async () => {
    const t = await start();
    const u = await createUser(t, 1, "shown");
    expect(
      (await t.call(1, "PATCH", `Users/${u.id}`, patch({ displayName: "Shown One" }))).json.displayName,
    ).toBe("Shown One");
    const bad = await t.call(1, "PATCH", `Users/${u.id}`, patch({ displayName: "@here" }));
    expect(bad.json.Errors.description).toBe("invalid_starts_with_at (user=shown)");
  });

  it("replaces title, userType, preferredLanguage, locale and timezone, leaving everything else", async () => {
    const t = await start();
    const u = await createUser(t, 1, "simple", { displayName: "S", title: "Old" });
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({
        title: "New",
        userType: "Contractor",
        preferredLanguage: "fr_FR",
        locale: "fr-FR",
        timezone: "Europe/Paris",
      }),
    );
    expect(res.json).toMatchObject({
      title: "New",
      userType: "Contractor",
      preferredLanguage: "fr_FR",
      locale: "fr-FR",
      timezone: "Europe/Paris",
      displayName: "S",
      userName: "simple",
    });
  });

  it('clears a string field sent as a single space " "', async () => {
    const t = await start();
    const u = await createUser(t, 1, "blank", {
      displayName: "B",
      title: "T",
      timezone: "Asia/Tokyo",
      userType: "Employee",
      locale: "en-US",
    });
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ displayName: " ", title: " ", userType: " ", timezone: " " }),
    );
    expect(res.json).toMatchObject({
      displayName: "",
      title: "",
      userType: null,
      locale: "en-US",
      timezone: "America/Los_Angeles",
    });
  });

  it("changes only the name parts it is sent; other name members are ignored", async () => {
    const t = await start();
    const u = await createUser(t, 1, "named", {
      name: { givenName: "Ada", familyName: "Lovelace", honorificPrefix: "Countess" },
    });
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ name: { familyName: "King", middleName: "Augusta", formatted: "Ada King" } }),
    );
    expect(res.json.name).toEqual({ givenName: "Ada", familyName: "King", honorificPrefix: "Countess" });
  });

  it("refuses a name whose given and family names would both be blank (invalid_name_required)", async () => {
    const t = await start();
    const u = await createUser(t, 1, "noname", { name: { givenName: "No", familyName: "" } });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ name: { givenName: " " } }));
    expect(res.json.Errors.description).toBe("invalid_name_required (user=noname)");
  });

  it("ignores externalId, profileUrl, id, groups and attributes Slack does not know", async () => {
    const t = await start();
    const u = await createUser(t, 1, "fixed");
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({
        externalId: "ext-1",
        profileUrl: "https://elsewhere.example/fixed",
        id: "W0000000999",
        groups: [{ value: "S0000000001" }],
        favouriteColour: "teal",
        title: "Applied",
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ...u, title: "Applied" });
  });

  it("meta.attributes removes the listed simple attributes and name parts", async () => {
    const t = await start();
    const u = await createUser(t, 1, "strip", {
      displayName: "Strip",
      title: "T",
      timezone: "Asia/Tokyo",
      locale: "de-DE",
      name: { givenName: "S", familyName: "Trip", honorificPrefix: "Dr" },
    });
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ meta: { attributes: ["title", "displayName", "timezone", "locale", "name.familyName"] } }),
    );
    expect(res.json).toMatchObject({
      title: "",
      displayName: "",
      timezone: "America/Los_Angeles",
      locale: null,
      name: { givenName: "S", familyName: "", honorificPrefix: "Dr" },
    });
  });

  it("meta.attributes cannot remove userName (username_empty)", async () => {
    const t = await start();
    const u = await createUser(t, 1, "stays");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ meta: { attributes: ["userName"] } }));
    expect(res.json.Errors.description).toBe("username_empty");
  });

  it("refuses a password change (password_change_not_allowed) and a body without schemas", async () => {
    const t = await start();
    const u = await createUser(t, 1, "secret");
    expect(
      (await t.call(1, "PATCH", `Users/${u.id}`, patch({ password: "x" }))).json.Errors.description,
    ).toBe("password_change_not_allowed");
    expect((await t.call(1, "PATCH", `Users/${u.id}`, { title: "x" })).json.Errors.description).toBe(
      "missing_schema_element",
    );
  });

  it("cannot deactivate the primary owner through PATCH (cannot_disable_primary_owner, 403)", async () => {
    const t = await start({ seed: { users: 2, random: 3 } });
    const owner = t.emulator.store.users().find((u) => u.primaryOwner);
    const res = await t.call(1, "PATCH", `Users/${owner?.id}`, patch({ active: false }));
    expect(res).toMatchObject({
      status: 403,
      json: { Errors: { description: "cannot_disable_primary_owner" } },
    });
    expect(t.emulator.store.getUser(owner?.id as string)?.active).toBe(true);
  });
});
