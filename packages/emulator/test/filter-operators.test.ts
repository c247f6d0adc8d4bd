import { describe, expect, it } from "vitest";
import { createUser, start, urn } from "./helpers/server.js";

/** Filter operators and combinations of docs/behaviour.md (Filters) not covered in filters.test.ts. */

async function org() {
  const t = await start();
  const ada = await createUser(t, 1, "ada", {
    emails: [{ value: "ada@acme.example" }, { value: "ada@home.example" }],
  });
  const bob = await createUser(t, 1, "bob");
  const cy = await createUser(t, 1, "cy", {
    schemas: [urn.core1, urn.guest1],
    [urn.guest1]: { type: "multi" },
  });
  for (const displayName of ["Alpha", "Beta", "Alphabet"]) {
    await t.call(1, "POST", "Groups", { schemas: [urn.core1], displayName });
  }
  const ids = async (resource: string, filter: string) => {
    const res = await t.call(2, "GET", `${resource}?count=100&filter=${encodeURIComponent(filter)}`);
    expect(res.status, filter).toBe(200);
    return res.json.Resources.map((r: { id: string; displayName: string }) =>
      resource === "Groups" ? r.displayName : r.id,
    );
  };
  return { t, ada: ada.id as string, bob: bob.id as string, cy: cy.id as string, ids };
}

describe("filter operators", () => {
  it("ge and lt compare userNames in order", async () => {
    const o = await org();
    expect(await o.ids("Users", 'userName ge "bob"')).toEqual([o.bob, o.cy]);
    expect(await o.ids("Users", 'userName lt "bob"')).toEqual([o.ada]);
  });

  it("email matches the secondary address as well as the primary", async () => {
    const o = await org();
    expect(await o.ids("Users", 'email eq "ada@home.example"')).toEqual([o.ada]);
    expect(await o.ids("Users", 'email co "home"')).toEqual([o.ada]);
  });

  it("restricted pr matches every user; restricted eq 0 only full members", async () => {
    const o = await org();
    expect(await o.ids("Users", "restricted pr")).toEqual([o.ada, o.bob, o.cy]);
    expect(await o.ids("Users", 'restricted eq 0 and userName sw "b"')).toEqual([o.bob]);
  });

  it("an or of exact names over most of the org returns the matches in creation order", async () => {
    const o = await org();
    expect(
      await o.ids("Users", 'userName eq "cy" or userName eq "ada" or email eq "bob@acme.example"'),
    ).toEqual([o.ada, o.bob, o.cy]);
  });

  it("combines group displayName filters with and, or and pr", async () => {
    const o = await org();
    expect(await o.ids("Groups", 'displayName sw "alpha" and displayName co "bet"')).toEqual(["Alphabet"]);
    expect(await o.ids("Groups", 'displayName eq "beta" or displayName eq "alpha"')).toEqual([
      "Alpha",
      "Beta",
    ]);
    expect(await o.ids("Groups", "displayName pr")).toEqual(["Alpha", "Beta", "Alphabet"]);
  });
});
