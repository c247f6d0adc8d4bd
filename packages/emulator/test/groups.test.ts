import { describe, expect, it } from "vitest";
import { fixedNow, newUser1, sequentialIds, start, urn } from "./helpers/server.js";

const ops = (...Operations: unknown[]) => ({ schemas: [urn.patch], Operations });

async function withUsers(n: number, options = {}) {
  const t = await start(options);
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      (
        await t.call(
          1,
          "POST",
          "Users",
          newUser1(`member${i}`, { name: { givenName: `M${i}`, familyName: "X" } }),
        )
      ).json.id,
    );
  return { ...t, ids };
}

describe("SCIM 1.1 /Groups", () => {
  it("creates (201), reads, lists with key order, patches (204), replaces (200) and deletes (204)", async () => {
    const { call, ids, server } = await withUsers(3, { ids: sequentialIds(), now: fixedNow });
    const created = await call(1, "POST", "Groups", {
      schemas: [urn.core1],
      displayName: "analytics",
      members: [{ value: ids[0] }, { value: ids[1] }],
    });
    expect(created.status).toBe(201);
    expect(created.text).toBe(
      JSON.stringify({
        schemas: [urn.core1],
        id: "S0000000001",
        displayName: "analytics",
        members: [
          { value: ids[0], display: "M0 X" },
          { value: ids[1], display: "M1 X" },
        ],
        meta: { created: "2024-03-05T09:14:27-08:00", location: `${server.url}/scim/v1/Groups/S0000000001` },
      }),
    );
    const id = created.json.id;
    expect((await call(1, "GET", `Groups/${id}`)).json).toEqual(created.json);
    const list = await call(1, "GET", "Groups/");
    expect(Object.keys(list.json)).toEqual([
      "totalResults",
      "itemsPerPage",
      "startIndex",
      "schemas",
      "Resources",
    ]);

    const patched = await call(1, "PATCH", `Groups/${id}`, {
      schemas: [urn.core1],
      displayName: "analytics-2",
      members: [{ value: ids[2] }, { value: ids[0], operation: "delete" }],
    });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe("");
    const after = (await call(1, "GET", `Groups/${id}`)).json;
    expect(after.displayName).toBe("analytics-2");
    expect(after.members.map((m: { value: string }) => m.value)).toEqual([ids[1], ids[2]]);

    const put = await call(1, "PUT", `Groups/${id}`, { schemas: [urn.core1], displayName: "renamed" });
    expect(put.status).toBe(200);
    expect(put.json.members).toEqual([]);

    const del = await call(1, "DELETE", `Groups/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await call(1, "GET", `Groups/${id}`)).json).toEqual({
      Errors: { description: "no_such_group", code: 404 },
    });
    expect((await call(1, "GET", `Users/${ids[0]}`)).status).toBe(200);
  });

  it("requires existing, active members and a displayName", async () => {
    const { call, ids } = await withUsers(1);
    await call(1, "DELETE", `Users/${ids[0]}`);
    const deactivated = await call(1, "POST", "Groups", {
      schemas: [urn.core1],
      displayName: "g",
      members: [{ value: ids[0] }],
    });
    expect(deactivated.json.Errors.description).toBe("unable_to_add_deleted_or_guest_to_group");
    const unknown = await call(1, "POST", "Groups", {
      schemas: [urn.core1],
      displayName: "g",
      members: [{ value: "W9999999999" }],
    });
    expect(unknown.json.Errors.description).toBe("no_such_group_members (user=W9999999999)");
    const noName = await call(1, "POST", "Groups", { schemas: [urn.core1] });
    expect(noName.status).toBe(400);
    const noSchemas = await call(1, "POST", "Groups", { displayName: "x" });
    expect(noSchemas.json.Errors.description).toBe("missing_schema_element");
    const tooMany = await call(1, "POST", "Groups", {
      schemas: [urn.core1],
      displayName: "big",
      members: Array.from({ length: 15_001 }, (_, i) => ({ value: `W${i}` })),
    });
    expect(tooMany.json.Errors.description).toBe("too_many_users");
    expect((await call(1, "PATCH", "Groups", { schemas: [urn.core1] })).json.Errors.description).toBe(
      "missing_group_id",
    );
  });
});

describe("SCIM 2.0 /Groups", () => {
  it("creates (201), patches (200 + group) with every member operation, replaces and deletes (204)", async () => {
    const { call, ids } = await withUsers(4);
    const g = await call(2, "POST", "Groups", {
      schemas: [urn.group2],
      displayName: "eng",
      members: [{ value: ids[0] }],
    });
    expect(g.status).toBe(201);
    expect(Object.keys(g.json)).toEqual(["schemas", "id", "meta", "displayName", "members"]);
    const path = `Groups/${g.json.id}`;
    const values = (res: { json: { members: { value: string }[] } }) => res.json.members.map((m) => m.value);

    const add = await call(
      2,
      "PATCH",
      path,
      ops({ op: "add", path: "members", value: [{ value: ids[1] }, { value: ids[2] }] }),
    );
    expect(add.status).toBe(200);
    expect(values(add)).toEqual([ids[0], ids[1], ids[2]]);
    const unquoted = await call(2, "PATCH", path, ops({ op: "remove", path: `members[value eq ${ids[0]}]` }));
    expect(values(unquoted)).toEqual([ids[1], ids[2]]);
    const quoted = await call(2, "PATCH", path, ops({ op: "remove", path: `members[value eq "${ids[1]}"]` }));
    expect(values(quoted)).toEqual([ids[2]]);
    const replace = await call(
      2,
      "PATCH",
      path,
      ops({ op: "replace", path: "members", value: [{ value: ids[3] }, { value: ids[0] }] }),
    );
    expect(values(replace)).toEqual([ids[3], ids[0]]);
    const listed = await call(
      2,
      "PATCH",
      path,
      ops({ op: "remove", path: "members", value: [{ value: ids[3] }] }),
    );
    expect(values(listed)).toEqual([ids[0]]);
    const rename = await call(2, "PATCH", path, ops({ op: "replace", path: "displayName", value: "eng-2" }));
    expect(rename.json.displayName).toBe("eng-2");
    const all = await call(2, "PATCH", path, ops({ op: "remove", path: "members" }));
    expect(all.json.members).toEqual([]);
    const noPath = await call(2, "PATCH", path, ops({ op: "add", value: { members: [{ value: ids[2] }] } }));
    expect(values(noPath)).toEqual([ids[2]]);
    const bad = await call(
      2,
      "PATCH",
      path,
      ops({ op: "add", path: "members", value: [{ value: "W0000000000" }] }),
    );
    expect(bad.json).toEqual({
      schemas: [urn.error2],
      detail: "no_such_group_members (user=W0000000000)",
      status: 400,
    });

    const put = await call(2, "PUT", path, { schemas: [urn.group2], displayName: "eng-3" });
    expect(put.status).toBe(200);
    expect(put.json.members).toEqual([]);
    expect((await call(2, "DELETE", path)).status).toBe(204);
    expect((await call(2, "GET", path)).json).toEqual({
      schemas: [urn.error2],
      detail: "no_such_group",
      status: 404,
    });
  });

  it("can answer 2.0 PATCH /Groups with 204 (v2Statuses)", async () => {
    const { call } = await start({ v2Statuses: { patchGroup: 204 } });
    const g = (await call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "k" })).json;
    const res = await call(
      2,
      "PATCH",
      `Groups/${g.id}`,
      ops({ op: "replace", path: "displayName", value: "k2" }),
    );
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
  });
});
