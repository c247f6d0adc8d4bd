import { describe, expect, it } from "vitest";
import { createUser, ops, start, urn } from "./helpers/server.js";

/** SCIM 2.0 PatchOp on the enterprise, guest and profile extensions, and path-less operations (docs/behaviour.md). */

async function user(extra: Record<string, unknown> = {}, seed?: number) {
  const t = await start(seed === undefined ? {} : { seed: { users: 1, random: seed } });
  const u = await createUser(t, 2, "target", extra);
  return { t, u, patch: (id: string, ...o: unknown[]) => t.call(2, "PATCH", `Users/${id}`, ops(...o)) };
}

describe("SCIM 2.0 PatchOp: enterprise extension", () => {
  it("add on the URN with a partial object updates only those members", async () => {
    const { u, patch } = await user({ [urn.ent2]: { employeeNumber: "7", department: "Ops" } });
    const res = await patch(u.id, { op: "replace", path: urn.ent2, value: { department: "R&D" } });
    expect(res.json[urn.ent2]).toMatchObject({ employeeNumber: "7", department: "R&D" });
  });

  it("add on a member in colon form (…:User:employeeNumber) sets that member", async () => {
    const { u, patch } = await user();
    const res = await patch(u.id, { op: "add", path: `${urn.ent2}:employeeNumber`, value: "1815" });
    expect(res.json[urn.ent2].employeeNumber).toBe("1815");
  });

  it("add on …:User:manager.managerId resolves a userName to the manager's id", async () => {
    const { t, u, patch } = await user();
    const boss = await createUser(t, 2, "boss");
    const res = await patch(u.id, { op: "add", path: `${urn.ent2}:manager.managerId`, value: "boss" });
    expect(res.json[urn.ent2].manager).toEqual({ managerId: boss.id });
  });

  it("add on …:User:manager without managerId is improper_enterprise_schema_format", async () => {
    const { u, patch } = await user();
    const res = await patch(u.id, {
      op: "add",
      path: `${urn.ent2}:manager`,
      value: { value: "W0000000001" },
    });
    expect(res).toMatchObject({ status: 400, json: { detail: "improper_enterprise_schema_format" } });
  });

  it("remove in dot form (…:User.department) blanks one member; on the URN, the whole block", async () => {
    const { u, patch } = await user({ locale: "x", [urn.ent2]: { department: "Ops", division: "D" } });
    const one = await patch(u.id, { op: "remove", path: `${urn.ent2}.department` });
    expect(one.json[urn.ent2]).toMatchObject({ department: null, division: "D" });
    const all = await patch(u.id, { op: "remove", path: urn.ent2 });
    expect(all.json[urn.ent2]).toMatchObject({ division: null });
  });

  it("refuses a member the enterprise extension does not have", async () => {
    const { u, patch } = await user({ [urn.ent2]: { department: "Ops" } });
    expect((await patch(u.id, { op: "add", path: `${urn.ent2}:badge`, value: "1" })).json.detail).toBe(
      "invalid_request_payload",
    );
    expect((await patch(u.id, { op: "remove", path: `${urn.ent2}.badge` })).json.detail).toBe(
      "invalid_request_payload",
    );
    expect((await patch(u.id, { op: "add", path: urn.ent2, value: ["Ops"] })).json.detail).toBe(
      "invalid_attribute_format",
    );
  });
});

describe("SCIM 2.0 PatchOp: guest extension", () => {
  it("add on the guest URN converts a member to a guest and reactivates a deactivated one", async () => {
    const { t, u, patch } = await user();
    await t.call(2, "DELETE", `Users/${u.id}`);
    const res = await patch(u.id, {
      op: "add",
      path: urn.guest2,
      value: { type: "multi", expiration: "2030-01-01T00:00:00Z" },
    });
    expect(res.json).toMatchObject({
      active: true,
      [urn.guest2]: { type: "multi", expiration: "2030-01-01T00:00:00Z" },
    });
  });

  it("remove on the guest URN converts back to a member and reactivates", async () => {
    const { t, u, patch } = await user({ schemas: [urn.user2, urn.guest2], [urn.guest2]: { type: "multi" } });
    await t.call(2, "DELETE", `Users/${u.id}`);
    const res = await patch(u.id, { op: "remove", path: urn.guest2 });
    expect(res.json.active).toBe(true);
    expect(res.json.schemas).toEqual([urn.user2]);
  });

  it("replace on …:User:expiration sets a guest's expiry", async () => {
    const { u, patch } = await user({ schemas: [urn.user2, urn.guest2], [urn.guest2]: { type: "multi" } });
    const res = await patch(u.id, {
      op: "replace",
      path: `${urn.guest2}:expiration`,
      value: "2031-06-30T00:00:00Z",
    });
    expect(res.json[urn.guest2]).toEqual({ type: "multi", expiration: "2031-06-30T00:00:00Z" });
  });

  it("refuses to make an admin or owner a guest (cannot_make_user_guest)", async () => {
    const { t, patch } = await user({}, 5);
    const owner = t.emulator.store.users()[0]?.id as string;
    const res = await patch(owner, { op: "add", path: urn.guest2, value: { type: "multi" } });
    expect(res).toMatchObject({ status: 400, json: { detail: "cannot_make_user_guest" } });
  });

  it("refuses a guest member other than type and expiration", async () => {
    const { u, patch } = await user();
    const res = await patch(u.id, { op: "add", path: `${urn.guest2}:channels`, value: [] });
    expect(res.json.detail).toBe("invalid_request_payload");
  });
});

describe("SCIM 2.0 PatchOp: profile extension", () => {
  it("add on the profile URN with an object sets startDate; remove on the URN clears it", async () => {
    const { u, patch } = await user({ locale: "x" });
    const set = await patch(u.id, {
      op: "add",
      path: urn.profile2,
      value: { startDate: "2024-04-10T00:00:00+0000" },
    });
    expect(set.json[urn.profile2]).toEqual({ startDate: "2024-04-10T00:00:00+0000" });
    const cleared = await patch(u.id, { op: "remove", path: urn.profile2 });
    expect(cleared.json[urn.profile2]).toEqual({ startDate: null });
  });

  it("refuses a profile member other than startDate", async () => {
    const { u, patch } = await user();
    expect((await patch(u.id, { op: "add", path: `${urn.profile2}:birthday`, value: "x" })).json.detail).toBe(
      "invalid_request_payload",
    );
  });
});

describe("SCIM 2.0 PatchOp: operation forms", () => {
  it("applies a path-less operation's attribute map, extension URNs included", async () => {
    const { u, patch } = await user();
    const res = await patch(u.id, {
      op: "add",
      value: { schemas: [urn.user2], title: "Lead", [urn.ent2]: { department: "R&D" } },
    });
    expect(res.json).toMatchObject({ title: "Lead", [urn.ent2]: { department: "R&D" } });
  });

  it("refuses a path-less remove and a path-less value that is not an object", async () => {
    const { u, patch } = await user();
    expect((await patch(u.id, { op: "remove" })).json.detail).toBe("invalid_request_payload");
    expect((await patch(u.id, { op: "replace", value: "x" })).json.detail).toBe("invalid_request_payload");
  });

  it("accepts capitalised ops and a lower-case operations key, as some IdPs send them", async () => {
    const { t, u } = await user();
    const res = await t.call(2, "PATCH", `Users/${u.id}`, {
      schemas: [urn.patch],
      operations: [
        { op: "Add", path: "title", value: "A" },
        { op: "REPLACE", path: "locale", value: "en" },
      ],
    });
    expect(res.json).toMatchObject({ title: "A", locale: "en" });
  });

  it.each([
    [[{ op: "add", path: 7, value: "x" }], "a non-string path"],
    [["replace title"], "an operation that is not an object"],
    [[{ op: "remove", path: "emails[type ne 1]" }], "a filter other than eq"],
    [[{ op: "remove", path: "emails]primary eq true[" }], "brackets in the wrong order"],
    [[{ op: "replace", path: "emails[primary eq true]value", value: "x" }], "text after ] without a dot"],
  ])("answers invalid_request_payload for %j (%s)", async (Operations, _why) => {
    const { t, u } = await user();
    const res = await t.call(2, "PATCH", `Users/${u.id}`, { schemas: [urn.patch], Operations });
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_request_payload" } });
  });

  it("answers invalid_request_payload for a body that is not a JSON object", async () => {
    const { t, u } = await user();
    const res = await t.call(2, "PATCH", `Users/${u.id}`, "[1, 2]");
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_request_payload" } });
  });
});
