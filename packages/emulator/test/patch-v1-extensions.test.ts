import { describe, expect, it } from "vitest";
import { createUser, start, urn } from "./helpers/server.js";

/** SCIM 1.1 PATCH of the enterprise, guest and profile blocks (docs/behaviour.md, Extensions). */

const startDate = "2024-04-10T00:00:00+0000";

describe("SCIM 1.1 PATCH: enterprise block", () => {
  it("updates only the members it is sent", async () => {
    const t = await start();
    const u = await createUser(t, 1, "ent", { [urn.ent1]: { employeeNumber: "1", department: "Ops" } });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1, urn.ent1],
      [urn.ent1]: { department: "R&D", division: "Labs" },
    });
    expect(res.json[urn.ent1]).toEqual({
      employeeNumber: "1",
      costCenter: null,
      organization: null,
      division: "Labs",
      department: "R&D",
      manager: { managerId: null },
    });
  });

  it.each([
    ["user id", (boss: { id: string }) => boss.id],
    ["primary email", () => "BOSS@acme.example"],
    ["userName", () => "boss"],
  ])("accepts a managerId given as the manager's %s and stores the user id", async (_kind, ref) => {
    const t = await start();
    const boss = await createUser(t, 1, "boss");
    const u = await createUser(t, 1, "report");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1, urn.ent1],
      [urn.ent1]: { manager: { managerId: ref(boss) } },
    });
    expect(res.json[urn.ent1].manager).toEqual({ managerId: boss.id });
  });

  it("refuses a manager without managerId (improper_enterprise_schema_format)", async () => {
    const t = await start();
    const u = await createUser(t, 1, "ent");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1, urn.ent1],
      [urn.ent1]: { manager: { displayName: "Boss" } },
    });
    expect(res).toMatchObject({
      status: 400,
      json: { Errors: { description: "improper_enterprise_schema_format" } },
    });
  });

  it("manager: null clears the manager", async () => {
    const t = await start();
    const u = await createUser(t, 1, "ent", {
      [urn.ent1]: { department: "Ops", manager: { managerId: "W0000000001" } },
    });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1, urn.ent1],
      [urn.ent1]: { manager: null },
    });
    expect(res.json[urn.ent1]).toMatchObject({ department: "Ops", manager: { managerId: null } });
  });

  it("meta.attributes removes one member by its URN-prefixed path, or the whole block by its URN", async () => {
    const t = await start();
    const u = await createUser(t, 1, "ent", {
      locale: "en-US",
      [urn.ent1]: { department: "Ops", organization: "Acme", manager: { managerId: "W0000000777" } },
    });
    const one = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: [`${urn.ent1}.department`, `${urn.ent1}.manager`] },
    });
    expect(one.json[urn.ent1]).toMatchObject({
      department: null,
      organization: "Acme",
      manager: { managerId: null },
    });
    const all = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: [urn.ent1] },
    });
    expect(all.json[urn.ent1]).toMatchObject({ organization: null, department: null });
  });
});

describe("SCIM 1.1 PATCH: guest block", () => {
  const guest = { schemas: [urn.core1, urn.guest1], [urn.guest1]: { type: "multi" } };

  it("adding it converts a full member to a multi-channel guest", async () => {
    const t = await start();
    const u = await createUser(t, 1, "visitor");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, guest);
    expect(res.json.schemas).toEqual([urn.core1, urn.guest1]);
    expect(res.json[urn.guest1]).toEqual({ type: "multi" });
    const found = await t.call(1, "GET", `Users?filter=${encodeURIComponent("restricted eq 1")}`);
    expect(found.json.Resources.map((r: { id: string }) => r.id)).toEqual([u.id]);
  });

  it("removing the whole block converts the guest back to a member and reactivates them", async () => {
    const t = await start();
    const u = await createUser(t, 1, "visitor", guest);
    await t.call(1, "DELETE", `Users/${u.id}`);
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: [urn.guest1] },
    });
    expect(res.json.active).toBe(true);
    expect(res.json[urn.guest1]).toBeUndefined();
    expect(res.json.schemas).toEqual([urn.core1]);
  });

  it("refuses a type other than multi and an expiration that is not a date-time", async () => {
    const t = await start();
    const u = await createUser(t, 1, "visitor");
    const single = await t.call(1, "PATCH", `Users/${u.id}`, { ...guest, [urn.guest1]: { type: "single" } });
    expect(single.json.Errors.description).toBe("invalid_request_payload");
    const badDate = await t.call(1, "PATCH", `Users/${u.id}`, {
      ...guest,
      [urn.guest1]: { type: "multi", expiration: "next tuesday" },
    });
    expect(badDate.json.Errors.description).toBe("invalid_attribute_format");
    expect((await t.call(1, "GET", `Users/${u.id}`)).json[urn.guest1]).toBeUndefined();
  });
});

describe("SCIM 1.1 PATCH: blocks of the wrong JSON type", () => {
  it.each([
    [urn.ent1, "Engineering"],
    [urn.guest1, "multi"],
    [urn.profile1, startDate],
  ])("refuses a %s block that is not an object (invalid_attribute_format)", async (block, value) => {
    const t = await start();
    const u = await createUser(t, 1, "typed");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, { schemas: [urn.core1, block], [block]: value });
    expect(res).toMatchObject({ status: 400, json: { Errors: { description: "invalid_attribute_format" } } });
  });
});

describe("SCIM 1.1 PATCH: profile block", () => {
  it("sets startDate when the profile URN is in schemas", async () => {
    const t = await start();
    const u = await createUser(t, 1, "starter");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1, urn.profile1],
      [urn.profile1]: { startDate },
    });
    expect(res.json[urn.profile1]).toEqual({ startDate });
    expect(res.json.schemas).toEqual([urn.core1, urn.ent1, urn.profile1]);
  });

  it("ignores the profile block when its URN is missing from schemas", async () => {
    const t = await start();
    const u = await createUser(t, 1, "starter");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      [urn.profile1]: { startDate },
    });
    expect(res.status).toBe(200);
    expect(res.json[urn.profile1]).toBeUndefined();
    expect(t.emulator.store.getUser(u.id)?.startDate).toBeNull();
  });

  it("meta.attributes removes the start date by the block's URN or by its member path", async () => {
    const t = await start();
    for (const path of [urn.profile1, `${urn.profile1}.startDate`]) {
      const u = await createUser(t, 1, `starter${path.length}`, {
        schemas: [urn.core1, urn.profile1],
        locale: "en-US",
        [urn.profile1]: { startDate },
      });
      const res = await t.call(1, "PATCH", `Users/${u.id}`, {
        schemas: [urn.core1],
        meta: { attributes: [path] },
      });
      expect(res.json[urn.profile1], path).toEqual({ startDate: null });
    }
  });
});
