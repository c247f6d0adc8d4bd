import { describe, expect, it } from "vitest";
import { fixedNow, newUser1, sequentialIds, start, urn } from "./helpers/server.js";

const opts = { ids: sequentialIds(), now: fixedNow };

describe("SCIM 1.1 /Users", () => {
  it("creates a sparse user: 201 with Slack's exact body and key order", async () => {
    const { call, server } = await start({ ...opts, ids: sequentialIds() });
    const res = await call(1, "POST", "Users", {
      schemas: [urn.core1],
      userName: "Ada.Lovelace",
      displayName: "Ada L",
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [
        { value: "ada.home@mail.example", type: "home" },
        { value: "ada@acme.example", type: "work" },
      ],
      photos: [{ value: "https://img.example/ada.png", type: "photo" }],
      password: "initial-only",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.text).toBe(
      JSON.stringify({
        schemas: [urn.core1],
        id: "W0000000001",
        externalId: "",
        meta: { created: "2024-03-05T09:14:27-08:00", location: `${server.url}/scim/v1/Users/W0000000001` },
        userName: "ada.lovelace",
        nickName: "ada.lovelace",
        name: { givenName: "Ada", familyName: "Lovelace" },
        displayName: "Ada L",
        profileUrl: "https://emulator.enterprise.slack.com/team/ada.lovelace",
        title: "",
        timezone: "America/Los_Angeles",
        active: true,
        emails: [
          { value: "ada@acme.example", primary: true },
          { value: "ada.home@mail.example", primary: false },
        ],
        // The request's photo is still being processed: the default avatar (docs/behaviour.md, Photos).
        photos: [{ value: "https://a.slack-edge.com/80588/img/avatars/ava_0001-192.png", type: "photo" }],
        groups: [],
      }),
    );
  });

  it("creates a full user: every extended attribute, null when empty, phone slots inverted", async () => {
    const { call } = await start({ ...opts, ids: sequentialIds() });
    const res = await call(1, "POST", "Users", {
      schemas: [urn.core1, urn.ent1, urn.profile1],
      userName: "grace.hopper",
      name: { givenName: "Grace", familyName: "Hopper", honorificPrefix: "RAdm" },
      emails: [{ value: "grace@acme.example", primary: true }],
      phoneNumbers: [
        { value: "+1 555 0100", type: "work" },
        { value: "+1 555 0199", type: "mobile" },
      ],
      roles: [{ value: "Compiler lead", primary: "true" }],
      title: "Rear Admiral",
      timezone: "America/New_York",
      [urn.ent1]: { employeeNumber: "1906", department: "Compilers", manager: { managerId: "W0000000001" } },
      [urn.profile1]: { startDate: "2024-04-10T00:00:00+0000" },
    });
    expect(res.status).toBe(201);
    const u = res.json;
    expect(u.schemas).toEqual([urn.core1, urn.ent1, urn.profile1]);
    expect(Object.keys(u)).toEqual([
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
      "photos",
      "addresses",
      "phoneNumbers",
      "userType",
      "roles",
      "preferredLanguage",
      "locale",
      urn.ent1,
      urn.profile1,
      "groups",
    ]);
    expect(u.name).toEqual({ givenName: "Grace", familyName: "Hopper", honorificPrefix: "RAdm" });
    // Request "work" lands in the mobile slot, "mobile" in the primary slot (docs/behaviour.md, Phone slots).
    expect(u.phoneNumbers).toEqual([
      { value: "+1 555 0100", type: "mobile" },
      { value: "+1 555 0199", primary: true },
    ]);
    expect(u.addresses).toEqual([
      { streetAddress: null, locality: null, region: null, postalCode: null, country: null },
    ]);
    expect(u.roles).toEqual([{ value: "Compiler lead", primary: true }]);
    expect(u.photos[0].value).toMatch(/^https:\/\/a\.slack-edge\.com\//);
    expect(u[urn.ent1]).toEqual({
      employeeNumber: "1906",
      costCenter: null,
      organization: null,
      division: null,
      department: "Compilers",
      manager: { managerId: "W0000000001" },
    });
    expect(u[urn.profile1]).toEqual({ startDate: "2024-04-10T00:00:00+0000" });
    expect(u.userType).toBeNull();
  });

  it("creates a multi-channel guest with the guest block after groups", async () => {
    const { call } = await start();
    const res = await call(1, "POST", "Users", {
      schemas: [urn.core1, urn.guest1],
      userName: "vendor.kim",
      emails: [{ value: "kim@vendor.example" }],
      [urn.guest1]: { type: "multi", expiration: "2026-12-31T23:59:59Z" },
    });
    expect(res.status).toBe(201);
    expect(res.json.schemas).toEqual([urn.core1, urn.guest1]);
    expect(Object.keys(res.json).slice(-2)).toEqual(["groups", urn.guest1]);
    expect(res.json[urn.guest1]).toEqual({ type: "multi", expiration: "2026-12-31T23:59:59Z" });
    const bad = await call(1, "POST", "Users", {
      ...newUser1("vendor.lee"),
      [urn.guest1]: { type: "single" },
    });
    expect(bad.status).toBe(400);
  });

  it("reads, patches (200 + user), replaces (200) and deactivates (200, empty body)", async () => {
    const { call } = await start(opts);
    const created = (await call(1, "POST", "Users", newUser1("cal", { title: "Engineer" }))).json;
    const read = await call(1, "GET", `Users/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created);

    const patched = await call(1, "PATCH", `Users/${created.id}`, {
      schemas: [urn.core1],
      userName: "chenderson",
      title: "Staff Engineer",
    });
    expect(patched.status).toBe(200);
    expect(patched.json.userName).toBe("chenderson");
    expect(patched.json.nickName).toBe("chenderson");
    expect(patched.json.title).toBe("Staff Engineer");

    const put = await call(1, "PUT", `Users/${created.id}`, {
      ...patched.json,
      schemas: [[urn.core1]],
      name: { givenName: "Cal", familyName: "Henderson" },
      title: undefined,
    });
    expect(put.status).toBe(200);
    expect(put.json.name).toEqual({ givenName: "Cal", familyName: "Henderson" });
    expect(put.json.title).toBe("");
    expect(put.json.id).toBe(created.id);
    expect(put.json.meta.created).toBe(created.meta.created);

    const del = await call(1, "DELETE", `Users/${created.id}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe("");
    expect((await call(1, "GET", `Users/${created.id}`)).json.active).toBe(false);
    const again = await call(1, "DELETE", `Users/${created.id}`);
    expect(again.status).toBe(200);

    const reactivated = await call(1, "PATCH", `Users/${created.id}`, { schemas: [urn.core1], active: true });
    expect(reactivated.json.active).toBe(true);
  });

  it("keeps active and name when PUT omits them, and re-enables with active: true", async () => {
    const { call } = await start();
    const u = (
      await call(1, "POST", "Users", newUser1("keep", { name: { givenName: "K", familyName: "P" } }))
    ).json;
    await call(1, "DELETE", `Users/${u.id}`);
    const put = await call(1, "PUT", `Users/${u.id}`, {
      schemas: [urn.core1],
      userName: "keep",
      emails: u.emails,
    });
    expect(put.json.active).toBe(false);
    expect(put.json.name).toEqual({ givenName: "K", familyName: "P" });
    const on = await call(1, "PUT", `Users/${u.id}`, { ...newUser1("keep"), active: true });
    expect(on.json.active).toBe(true);
  });

  it("enforces unique userName and email, deactivated users included (409)", async () => {
    const { call } = await start();
    const a = (await call(1, "POST", "Users", newUser1("taken"))).json;
    await call(1, "DELETE", `Users/${a.id}`);
    const dupName = await call(1, "POST", "Users", {
      ...newUser1("TAKEN"),
      emails: [{ value: "x@acme.example" }],
    });
    expect(dupName).toMatchObject({
      status: 409,
      json: { Errors: { description: "username_taken (username=taken)", code: 409 } },
    });
    const dupEmail = await call(1, "POST", "Users", {
      ...newUser1("other"),
      emails: [{ value: "Taken@Acme.example" }],
    });
    expect(dupEmail).toMatchObject({
      status: 409,
      json: { Errors: { description: "email_taken", code: 409 } },
    });
    const b = (await call(1, "POST", "Users", newUser1("bee"))).json;
    const clash = await call(1, "PATCH", `Users/${b.id}`, { schemas: [urn.core1], nickName: "taken" });
    expect(clash.status).toBe(409);
  });

  it("applies Slack's userName rules", async () => {
    const { call } = await start();
    const cases: [unknown, number, string | RegExp][] = [
      [undefined, 400, "username_required"],
      ["", 400, "username_empty"],
      ["abcdefghijklmnopqrstuv", 400, "long_username (user=abcdefghijklmnopqrstuv)"],
      ["everyone", 400, "username_not_allowed (user=everyone)"],
      ["!!!", 400, "username_invalid"],
    ];
    for (const [userName, status, description] of cases) {
      const res = await call(1, "POST", "Users", {
        schemas: [urn.core1],
        userName,
        emails: [{ value: "z@z.example" }],
      });
      expect(res.status).toBe(status);
      expect(res.json.Errors.description).toBe(description);
    }
    const email = await call(1, "POST", "Users", { ...newUser1("x"), userName: "Mary.Jane+x@Example.com" });
    expect(email.json.userName).toBe("mary.jane_x");
    const longNick = await call(1, "POST", "Users", { ...newUser1("short"), nickName: "n".repeat(22) });
    expect(longNick.json.Errors.description).toMatch(/^long_nickname/);
  });

  it("applies Slack's display name, name and email rules", async () => {
    const { call } = await start();
    const bad: [Record<string, unknown>, string][] = [
      [{ displayName: "x".repeat(81) }, "invalid_name_maxlength"],
      [{ displayName: "@ada" }, "invalid_starts_with_at"],
      [{ displayName: "ada@acme" }, "invalid_name_specials"],
      [{ displayName: "party 🎉" }, "invalid_emoji_not_allowed"],
      [{ displayName: "everyone" }, "invalid_reserved_word"],
      [{ name: { givenName: " ", familyName: "" } }, "invalid_name_required"],
      [{ emails: [] }, "email_empty"],
      [{ emails: undefined }, "email_empty"],
      [{ emails: [{ value: "not-an-email" }] }, "bad_email_address"],
      [{ emails: "x@y.example" }, "emails_invalid"],
      [{ schemas: undefined }, "missing_schema_element"],
      [{ [urn.ent1]: { manager: { id: "x" } } }, "improper_enterprise_schema_format"],
    ];
    for (const [extra, code] of bad) {
      const res = await call(1, "POST", "Users", newUser1("rules", extra));
      expect(res.status, code).toBe(400);
      expect(res.json.Errors.description.split(" ")[0]).toBe(code);
    }
    const twoPrimaries = await call(1, "POST", "Users", {
      ...newUser1("prim"),
      emails: [
        { value: "a@acme.example", primary: true },
        { value: "b@acme.example", primary: true },
      ],
    });
    expect(twoPrimaries.json.Errors.description).toBe(
      "Multi-valued attributes can not have more than one primary element",
    );
    const notJSON = await call(1, "POST", "Users", "{nope");
    expect(notJSON.json.Errors.description).toBe("invalid_request_payload");
  });

  it("patches with operation: delete and meta.attributes", async () => {
    const { call } = await start();
    const u = (
      await call(1, "POST", "Users", {
        ...newUser1("pat", {
          name: { givenName: "Pat", familyName: "Doe", honorificPrefix: "Dr" },
          emails: [{ value: "pat@acme.example", primary: true }, { value: "old.alias@acme.example" }],
          phoneNumbers: [{ value: "+1 555 0100", primary: true }],
          addresses: [
            { streetAddress: "1 Main", locality: "Town", region: "CA", postalCode: "9", country: "US" },
          ],
          roles: ["Lead"],
          [urn.ent1]: { costCenter: "RD-01", department: "Eng", manager: { managerId: "boss@acme.example" } },
        }),
      })
    ).json;
    expect(u.addresses[0].locality).toBe("Town");
    expect(u[urn.ent1].manager.managerId).toBe("boss@acme.example");
    const res = await call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      emails: [{ value: "old.alias@acme.example", operation: "delete" }],
      phoneNumbers: [{ value: "+1 555 0100", operation: "delete" }],
      roles: [{ value: "Lead", operation: "delete" }],
      addresses: [
        {
          streetAddress: "1 Main",
          locality: "Town",
          region: "CA",
          postalCode: "9",
          country: "US",
          operation: "delete",
        },
      ],
      meta: {
        attributes: ["name.honorificPrefix", `${urn.ent1}.costCenter`, `${urn.ent1}.manager.managerId`],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.emails).toEqual([{ value: "pat@acme.example", primary: true }]);
    expect(res.json.phoneNumbers).toEqual([
      { value: null, type: "mobile" },
      { value: null, primary: true },
    ]);
    expect(res.json.roles).toEqual([{ value: null, primary: true }]);
    expect(res.json.addresses[0].streetAddress).toBeNull();
    expect(res.json.name.honorificPrefix).toBeNull();
    expect(res.json[urn.ent1]).toMatchObject({
      costCenter: null,
      department: "Eng",
      manager: { managerId: null },
    });

    const primary = await call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      emails: [{ value: "pat@acme.example", operation: "delete" }],
    });
    expect(primary.json.Errors.description).toBe("missing_primary_email");
    const password = await call(1, "PATCH", `Users/${u.id}`, { schemas: [urn.core1], password: "x" });
    expect(password.json.Errors.description).toBe("password_change_not_allowed");
    const clear = await call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      title: " ",
      meta: { attributes: [urn.ent1, "emails"] },
    });
    expect(clear.json.title).toBe("");
    // Nothing extended is left, so Slack renders the sparse form without the blocks.
    expect(clear.json[urn.ent1]).toBeUndefined();
    expect(clear.json.schemas).toEqual([urn.core1]);
  });

  it("converts members to guests and back, reactivating them, and refuses admins", async () => {
    const { call, emulator } = await start({ seed: { users: 3, random: 2 } });
    const u = (await call(1, "POST", "Users", newUser1("gus"))).json;
    await call(1, "DELETE", `Users/${u.id}`);
    const guest = await call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1, urn.guest1],
      [urn.guest1]: { type: "multi", expiration: "2030-01-01T00:00:00Z" },
    });
    expect(guest.json.active).toBe(true);
    expect(guest.json[urn.guest1]).toEqual({ type: "multi", expiration: "2030-01-01T00:00:00Z" });
    const noExpiry = await call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: [`${urn.guest1}.expiration`] },
    });
    expect(noExpiry.json[urn.guest1]).toEqual({ type: "multi" });
    const member = await call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: [urn.guest1] },
    });
    expect(member.json[urn.guest1]).toBeUndefined();
    const owner = emulator.store.users()[0];
    const admin = await call(1, "PATCH", `Users/${owner?.id}`, {
      schemas: [urn.core1],
      [urn.guest1]: { type: "multi" },
    });
    expect(admin.json.Errors.description).toBe("cannot_make_user_guest");
    const disable = await call(1, "DELETE", `Users/${owner?.id}`);
    expect(disable).toMatchObject({
      status: 403,
      json: { Errors: { description: "cannot_disable_primary_owner" } },
    });
  });

  it("answers no_such_user (404) and cannot_decode_user_id (400)", async () => {
    const { call } = await start();
    expect(await call(1, "GET", "Users/W0000000404")).toMatchObject({
      status: 404,
      json: { Errors: { description: "no_such_user", code: 404 } },
    });
    expect(await call(1, "PATCH", "Users/not-an-id", { schemas: [urn.core1] })).toMatchObject({
      status: 400,
      json: { Errors: { description: "cannot_decode_user_id" } },
    });
    expect(await call(1, "DELETE", "Users")).toMatchObject({
      status: 400,
      json: { Errors: { description: "missing_user_id" } },
    });
  });

  it("is one org for both versions", async () => {
    const { call } = await start();
    const u = (await call(1, "POST", "Users", newUser1("both"))).json;
    const v2 = await call(2, "GET", `Users/${u.id}`);
    expect(v2.json.schemas).toEqual([urn.user2]);
    expect(v2.json.meta.location).toMatch(/\/scim\/v2\/Users\//);
    expect(v2.json.userName).toBe("both");
  });
});

describe("SCIM 1.1 round trips", () => {
  it("keeps a full user unchanged through read → PUT of the same body", async () => {
    const { call } = await start();
    const created = (
      await call(1, "POST", "Users", {
        ...newUser1("round.trip"),
        emails: [{ value: "rt@acme.example", primary: true }, { value: "rt@home.example" }],
        phoneNumbers: [
          { value: "+1 555 0001", primary: true },
          { value: "+1 555 0002", type: "work" },
        ],
        addresses: [{ locality: "Oslo", country: "NO" }],
        roles: ["Lead"],
        locale: "en-GB",
        [urn.ent1]: { department: "Ops", manager: { managerId: null } },
      })
    ).json;
    const put = await call(1, "PUT", `Users/${created.id}`, created);
    expect(put.status).toBe(200);
    expect(put.json).toEqual(created);
  });
});
