import { describe, expect, it } from "vitest";
import { fixedNow, newUser2, sequentialIds, start, urn } from "./helpers/server.js";

const ops = (...Operations: unknown[]) => ({ schemas: [urn.patch], Operations });

describe("SCIM 2.0 /Users", () => {
  it("creates (201) with 2.0 URNs and Slack's normalisation", async () => {
    const { call, server } = await start({ ids: sequentialIds(), now: fixedNow });
    const res = await call(2, "POST", "Users", {
      schemas: [urn.user2, urn.guest2],
      userName: "Vendor.Kim",
      displayName: "Kim (Vendor)",
      emails: [{ value: "kim@vendor.example" }],
      [urn.guest2]: { type: "multi" },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      schemas: [urn.user2, urn.guest2],
      id: "W0000000001",
      externalId: "",
      meta: { created: "2024-03-05T09:14:27-08:00", location: `${server.url}/scim/v2/Users/W0000000001` },
      userName: "vendor.kim",
      nickName: "vendor.kim",
      name: { givenName: "Kim (Vendor)", familyName: "" },
      displayName: "Kim (Vendor)",
      profileUrl: "https://emulator.enterprise.slack.com/team/vendor.kim",
      title: "",
      timezone: "America/Los_Angeles",
      active: true,
      emails: [{ value: "kim@vendor.example", primary: true }],
      photos: [{ value: expect.stringMatching(/^https:/), type: "photo" }],
      groups: [],
      [urn.guest2]: { type: "multi" },
    });
  });

  it("patches with PatchOp (200 + user): simple, email, phone, name and extension paths", async () => {
    const { call } = await start();
    const u = (
      await call(
        2,
        "POST",
        "Users",
        newUser2("ada", {
          name: { givenName: "Ada", familyName: "Lovelace", honorificPrefix: "Countess" },
          phoneNumbers: [
            { value: "+44 1", type: "mobile" },
            { value: "+44 2", type: "work" },
          ],
        }),
      )
    ).json;
    const res = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops(
        { op: "replace", path: "title", value: "Principal Analyst" },
        { op: "replace", path: "emails[primary eq true].value", value: "ada@new.acme.example" },
        { op: "add", path: "emails", value: [{ value: "ada.alt@acme.example" }] },
        { op: "add", path: `${urn.ent2}:costCenter`, value: "RD-02" },
        { op: "add", path: urn.ent2, value: { department: "Engines", manager: { managerId: "ada" } } },
        { op: "remove", path: 'phoneNumbers[value eq "+44 2"]' },
        { op: "replace", path: "name.givenName", value: "Augusta" },
        { op: "remove", path: "name.honorificPrefix" },
        { op: "Replace", path: "active", value: "True" },
        { op: "replace", path: `${urn.profile2}:startDate`, value: "2024-03-11T00:00:00+0000" },
      ),
    );
    expect(res.status).toBe(200);
    const p = res.json;
    expect(p.title).toBe("Principal Analyst");
    expect(p.emails).toEqual([
      { value: "ada@new.acme.example", primary: true },
      { value: "ada.alt@acme.example", primary: false },
    ]);
    expect(p[urn.ent2]).toMatchObject({
      costCenter: "RD-02",
      department: "Engines",
      manager: { managerId: u.id },
    });
    expect(p.phoneNumbers).toEqual([
      { value: null, type: "mobile" },
      { value: "+44 1", primary: true },
    ]);
    expect(p.name).toEqual({ givenName: "Augusta", familyName: "Lovelace", honorificPrefix: null });
    expect(p[urn.profile2]).toEqual({ startDate: "2024-03-11T00:00:00+0000" });

    const work = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "replace", path: 'emails[type eq "work"].value', value: "w@acme.example" }),
    );
    expect(work.json.emails[0]).toEqual({ value: "w@acme.example", primary: true });
    const removeSecondary = await call(2, "PATCH", `Users/${u.id}`, ops({ op: "remove", path: "emails" }));
    expect(removeSecondary.json.emails).toEqual([{ value: "w@acme.example", primary: true }]);
    const removeManager = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "remove", path: `${urn.ent2}.manager.managerId` }),
    );
    expect(removeManager.json[urn.ent2].manager).toEqual({ managerId: null });
  });

  it("refuses a second primary email the way Slack does (merge, not replace)", async () => {
    const { call } = await start();
    const u = (await call(2, "POST", "Users", newUser2("prim"))).json;
    const res = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "replace", path: "emails", value: [{ value: "n@acme.example", primary: true }] }),
    );
    expect(res).toMatchObject({
      status: 400,
      json: {
        schemas: [urn.error2],
        detail: "Multi-valued attributes can not have more than one primary element",
        status: 400,
      },
    });
    const primary = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "remove", path: "emails[primary eq true]" }),
    );
    expect(primary.json.detail).toBe("missing_primary_email");
  });

  it("supports path-less operations, guest conversion and expiry removal", async () => {
    const { call } = await start();
    const u = (await call(2, "POST", "Users", newUser2("nopath"))).json;
    const res = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({
        op: "replace",
        value: {
          title: "T",
          displayName: "NP",
          [urn.guest2]: { type: "multi", expiration: "2030-01-01T00:00:00Z" },
        },
      }),
    );
    expect(res.json).toMatchObject({
      title: "T",
      displayName: "NP",
      [urn.guest2]: { type: "multi", expiration: "2030-01-01T00:00:00Z" },
    });
    const noExp = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "remove", path: `${urn.guest2}.expiration` }),
    );
    expect(noExp.json[urn.guest2]).toEqual({ type: "multi" });
    const member = await call(2, "PATCH", `Users/${u.id}`, ops({ op: "remove", path: urn.guest2 }));
    expect(member.json[urn.guest2]).toBeUndefined();
  });

  it("accepts the documented non-PatchOp profile update", async () => {
    const { call } = await start();
    const u = (await call(2, "POST", "Users", newUser2("profile"))).json;
    const res = await call(2, "PATCH", `Users/${u.id}`, {
      schemas: [urn.profile2],
      [urn.profile2]: { startDate: "2024-04-10T00:00:00+0000" },
    });
    expect(res.status).toBe(200);
    expect(res.json[urn.profile2]).toEqual({ startDate: "2024-04-10T00:00:00+0000" });
  });

  it("refuses any other 2.0 PATCH without Operations (400), whatever it carries", async () => {
    const { call, emulator } = await start();
    const u = (await call(2, "POST", "Users", newUser2("strict"))).json;
    const date = { startDate: "2024-04-10T00:00:00+0000" };
    const bodies = [
      { schemas: [urn.user2], title: "partial" },
      { schemas: [urn.profile2], [urn.profile2]: date, title: "extra" },
      { schemas: [urn.user2], [urn.profile2]: date },
      { schemas: [urn.profile2] },
      { schemas: [urn.user2], active: false },
    ];
    for (const body of bodies) {
      const res = await call(2, "PATCH", `Users/${u.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.detail).toMatch(/^invalid_request_payload \(a SCIM 2.0 PATCH needs Operations/);
    }
    expect(emulator.store.getUser(u.id)).toMatchObject({ title: "", active: true, startDate: null });
  });

  it("answers PatchOp errors: missing schemas, bad op, unknown path, password", async () => {
    const { call } = await start();
    const u = (await call(2, "POST", "Users", newUser2("errs"))).json;
    const cases: [unknown, string][] = [
      [{ Operations: [{ op: "replace", path: "title", value: "x" }] }, "missing_schema_element"],
      [ops({ op: "move", path: "title", value: "x" }), "invalid_request_payload"],
      [ops({ op: "replace", path: "favouriteColour", value: "x" }), "invalid_request_payload"],
      [ops({ op: "replace", path: "password", value: "x" }), "password_change_not_allowed"],
      [ops({ op: "replace", path: "userName", value: "x".repeat(22) }), "long_username"],
      [{ schemas: [urn.patch], Operations: [] }, "invalid_request_payload"],
      [{ schemas: [urn.patch], Operations: "nope" }, "invalid_request_payload"],
    ];
    for (const [body, code] of cases) {
      const res = await call(2, "PATCH", `Users/${u.id}`, body);
      expect(res.status, code).toBe(400);
      expect(res.json.detail.split(" ")[0]).toBe(code);
      expect(res.json.schemas).toEqual([urn.error2]);
    }
  });

  it("replaces with PUT (200): omitted attributes cleared, name and active kept", async () => {
    const { call } = await start();
    const u = (
      await call(
        2,
        "POST",
        "Users",
        newUser2("put", { title: "T", name: { givenName: "P", familyName: "U" }, locale: "en-US" }),
      )
    ).json;
    await call(2, "DELETE", `Users/${u.id}`);
    const res = await call(2, "PUT", `Users/${u.id}`, {
      schemas: [urn.user2],
      externalId: "ignored",
      userName: "put2",
      emails: u.emails,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      userName: "put2",
      nickName: "put2",
      title: "",
      active: false,
      externalId: "",
      name: { givenName: "P", familyName: "U" },
    });
    expect(res.json.locale).toBeUndefined();
  });

  it("deactivates with DELETE: 204, empty body, idempotent", async () => {
    const { call } = await start();
    const u = (await call(2, "POST", "Users", newUser2("gone"))).json;
    for (let i = 0; i < 2; i++) {
      const res = await call(2, "DELETE", `Users/${u.id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe("");
    }
    expect((await call(2, "GET", `Users/${u.id}`)).json.active).toBe(false);
    const listed = await call(2, "GET", "Users");
    expect(listed.json.Resources.map((r: { id: string }) => r.id)).toContain(u.id);
  });

  it("honours configured success statuses (v1Statuses, v2Statuses)", async () => {
    const { call } = await start({ v1Statuses: { deleteUser: 204 }, v2Statuses: { patchUser: 204 } });
    const u = (await call(2, "POST", "Users", newUser2("knob"))).json;
    const patched = await call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "replace", path: "title", value: "x" }),
    );
    expect(patched.status).toBe(204);
    expect((await call(1, "DELETE", `Users/${u.id}`)).status).toBe(204);
  });

  it("serializes PATCH results with groups the user belongs to", async () => {
    const { call } = await start();
    const u = (await call(2, "POST", "Users", newUser2("member"))).json;
    const g = (
      await call(2, "POST", "Groups", {
        schemas: [urn.group2],
        displayName: "crew",
        members: [{ value: u.id }],
      })
    ).json;
    const read = await call(2, "GET", `Users/${u.id}`);
    expect(read.json.groups).toEqual([{ value: g.id, display: "crew" }]);
  });
});

describe("SCIM 2.0 round trips", () => {
  it("keeps a full user unchanged through read → PUT of the same body", async () => {
    const { call } = await start();
    const created = (
      await call(
        2,
        "POST",
        "Users",
        newUser2("rt2", {
          phoneNumbers: [{ value: "+1 555 0003", type: "mobile" }],
          [urn.ent2]: { employeeNumber: "7", manager: { managerId: null } },
          [urn.profile2]: { startDate: "2024-04-10T00:00:00+0000" },
        }),
      )
    ).json;
    const put = await call(2, "PUT", `Users/${created.id}`, created);
    expect(put.status).toBe(200);
    expect(put.json).toEqual(created);
  });
});
