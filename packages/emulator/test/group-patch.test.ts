import { describe, expect, it } from "vitest";
import { createUser, ops, start, urn } from "./helpers/server.js";

/** Group PATCH forms (1.1 partial group, 2.0 PatchOp; docs/behaviour.md) not covered in groups.test.ts. */

async function group(version: 1 | 2, members = 3) {
  const t = await start();
  const ids: string[] = [];
  for (let i = 0; i < members; i++) ids.push((await createUser(t, 1, `m${i}`)).id);
  const body = { schemas: [version === 1 ? urn.core1 : urn.group2], displayName: "crew" };
  const g = (await t.call(version, "POST", "Groups", { ...body, members: [{ value: ids[0] }] })).json;
  const members_ = () => t.emulator.store.getGroup(g.id)?.members;
  return { t, ids, id: g.id as string, members: members_ };
}

describe("SCIM 1.1 PATCH /Groups", () => {
  it("adds every member object without an operation, skipping ones already in the group", async () => {
    const { t, ids, id, members } = await group(1);
    const res = await t.call(1, "PATCH", `Groups/${id}`, {
      schemas: [urn.core1],
      members: [{ value: ids[1] }, { value: ids[0] }, { value: ids[2] }],
    });
    expect(res.status).toBe(204);
    expect(members()).toEqual([ids[0], ids[1], ids[2]]);
  });

  it('removes a member with "operation": "delete", and ignores a delete of a non-member', async () => {
    const { t, ids, id, members } = await group(1);
    await t.call(1, "PATCH", `Groups/${id}`, {
      schemas: [urn.core1],
      members: [
        { value: ids[0], operation: "delete" },
        { value: ids[2], operation: "Delete" },
      ],
    });
    expect(members()).toEqual([]);
  });

  it("meta.attributes members empties the list before the members sent are added", async () => {
    const { t, ids, id, members } = await group(1);
    await t.call(1, "PATCH", `Groups/${id}`, {
      schemas: [urn.core1],
      meta: { attributes: ["members"] },
      members: [{ value: ids[2] }],
    });
    expect(members()).toEqual([ids[2]]);
  });

  it("renames with a body carrying only displayName, members untouched", async () => {
    const { t, ids, id, members } = await group(1);
    const res = await t.call(1, "PATCH", `Groups/${id}`, { schemas: [urn.core1], displayName: "renamed" });
    expect(res.status).toBe(204);
    expect((await t.call(1, "GET", `Groups/${id}`)).json.displayName).toBe("renamed");
    expect(members()).toEqual([ids[0]]);
  });

  it("refuses to add a deactivated user and leaves the group as it was", async () => {
    const { t, ids, id, members } = await group(1);
    await t.call(1, "DELETE", `Users/${ids[1]}`);
    const res = await t.call(1, "PATCH", `Groups/${id}`, {
      schemas: [urn.core1],
      members: [{ value: ids[2] }, { value: ids[1] }],
    });
    expect(res).toMatchObject({
      status: 400,
      json: { Errors: { description: "unable_to_add_deleted_or_guest_to_group" } },
    });
    expect(members()).toEqual([ids[0]]);
  });

  it.each([
    [{ displayName: "x" }, "missing_schema_element"],
    [{ schemas: [urn.core1], displayName: " " }, "invalid_request_payload"],
    [{ schemas: [urn.core1], members: [{ id: "W1" }] }, "invalid_attribute_format"],
  ])("refuses %j with %s", async (body, code) => {
    const { t, id } = await group(1, 1);
    expect((await t.call(1, "PATCH", `Groups/${id}`, body)).json.Errors.description).toBe(code);
  });

  it("answers no_such_group (404) for PATCH, PUT and DELETE of an unknown group", async () => {
    const t = await start();
    for (const method of ["PATCH", "PUT", "DELETE"]) {
      const res = await t.call(1, method, "Groups/S0000000404", { schemas: [urn.core1], displayName: "x" });
      expect(res, method).toMatchObject({ status: 404, json: { Errors: { description: "no_such_group" } } });
    }
  });
});

describe("SCIM 2.0 PATCH /Groups", () => {
  it("a path-less replace renames and sets the exact member list", async () => {
    const { t, ids, id } = await group(2);
    const res = await t.call(
      2,
      "PATCH",
      `Groups/${id}`,
      ops({ op: "replace", value: { id: "S1", displayName: "new", members: [{ value: ids[2] }] } }),
    );
    expect(res.json).toMatchObject({ id, displayName: "new", members: [{ value: ids[2] }] });
  });

  it("accepts members given as plain id strings", async () => {
    const { t, ids, id, members } = await group(2);
    await t.call(2, "PATCH", `Groups/${id}`, ops({ op: "add", path: "members", value: [ids[1]] }));
    expect(members()).toEqual([ids[0], ids[1]]);
  });

  it("refuses to add a deactivated user (unable_to_add_deleted_or_guest_to_group)", async () => {
    const { t, ids, id } = await group(2);
    await t.call(2, "DELETE", `Users/${ids[1]}`);
    const res = await t.call(
      2,
      "PATCH",
      `Groups/${id}`,
      ops({ op: "add", path: "members", value: [{ value: ids[1] }] }),
    );
    expect(res.json).toMatchObject({ detail: "unable_to_add_deleted_or_guest_to_group", status: 400 });
  });

  it.each([
    [{ op: "remove", path: "displayName" }, "remove on displayName"],
    [{ op: "remove", path: 'members[display eq "x"]' }, "a member filter on another attribute"],
    [{ op: "add", path: 'members[value eq "W1"]', value: [] }, "add with a filter"],
    [{ op: "replace", path: "members.value", value: "W1" }, "a sub-attribute path"],
    [{ op: "add", path: urn.ent2, value: {} }, "an extension path"],
    [{ op: "replace", path: "description", value: "x" }, "an unknown attribute"],
    [{ op: "add", value: { owner: "W1" } }, "an unknown attribute without path"],
    [{ op: "remove" }, "a path-less remove"],
    [{ op: "replace", path: "displayName", value: "" }, "an empty displayName"],
  ])("answers invalid_request_payload for %j (%s)", async (operation, _why) => {
    const { t, id } = await group(2, 1);
    const res = await t.call(2, "PATCH", `Groups/${id}`, ops(operation));
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_request_payload" } });
  });

  it("answers missing_schema_element for a PatchOp without schemas", async () => {
    const { t, id } = await group(2, 1);
    const res = await t.call(2, "PATCH", `Groups/${id}`, { Operations: [{ op: "remove", path: "members" }] });
    expect(res.json.detail).toBe("missing_schema_element");
  });

  it("refuses a PUT that names a user who does not exist, keeping the old members", async () => {
    const { t, ids, id, members } = await group(2);
    const res = await t.call(2, "PUT", `Groups/${id}`, {
      schemas: [urn.group2],
      displayName: "crew",
      members: [{ value: ids[1] }, { value: "W0000000404" }],
    });
    expect(res.json.detail).toBe("no_such_group_members (user=W0000000404)");
    expect(members()).toEqual([ids[0]]);
  });
});
