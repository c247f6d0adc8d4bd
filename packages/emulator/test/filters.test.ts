import { scimFilter } from "slack-scim";
import { describe, expect, it } from "vitest";
import { newUser1, start, urn } from "./helpers/server.js";

async function org() {
  const t = await start();
  const ada = (
    await t.call(1, "POST", "Users", newUser1("ada.lovelace", { emails: [{ value: "Ada@Acme.example" }] }))
  ).json;
  const bob = (await t.call(1, "POST", "Users", newUser1("bob.smith"))).json;
  const kim = (
    await t.call(1, "POST", "Users", {
      ...newUser1("kim.vendor"),
      schemas: [urn.core1, urn.guest1],
      [urn.guest1]: { type: "multi" },
    })
  ).json;
  await t.call(1, "POST", "Groups", { schemas: [urn.core1], displayName: "Analytics" });
  await t.call(1, "POST", "Groups", { schemas: [urn.core1], displayName: "Platform" });
  return { ...t, ada, bob, kim };
}

const search = async (
  t: Awaited<ReturnType<typeof org>>,
  version: 1 | 2,
  resource: string,
  filter: string,
) => {
  const res = await t.call(version, "GET", `${resource}?filter=${encodeURIComponent(filter)}&count=100`);
  return res;
};

describe("filters", () => {
  it("accepts Slack's user filters on both versions", async () => {
    const t = await org();
    const cases: [string, string[]][] = [
      ['userName eq "ada.lovelace"', [t.ada.id]],
      ['userName Eq "ADA.LOVELACE"', [t.ada.id]],
      ['USERNAME eq "Ada.Lovelace"', [t.ada.id]],
      ['email eq "ada@acme.example"', [t.ada.id]],
      ['email eq "ADA@ACME.EXAMPLE"', [t.ada.id]],
      ['userName sw "b"', [t.bob.id]],
      ['userName co "vendor"', [t.kim.id]],
      ["userName pr", [t.ada.id, t.bob.id, t.kim.id]],
      ['userName gt "b"', [t.bob.id, t.kim.id]],
      ['userName le "bob.smith"', [t.ada.id, t.bob.id]],
      ["restricted eq 1", [t.kim.id]],
      ["restricted eq '1'", [t.kim.id]],
      ['restricted eq "1"', [t.kim.id]],
      ["restricted eq true", [t.kim.id]],
      ["restricted eq 0", [t.ada.id, t.bob.id]],
      ["ultra_restricted eq 1", []],
      ['userName eq "ada.lovelace" or userName eq "bob.smith"', [t.ada.id, t.bob.id]],
      ['(userName sw "a" or userName sw "k") and restricted eq 1', [t.kim.id]],
      ['email eq "bob.smith@acme.example" AND userName eq "bob.smith"', [t.bob.id]],
      ['userName eq "nobody"', []],
    ];
    for (const version of [1, 2] as const) {
      for (const [filter, ids] of cases) {
        const res = await search(t, version, "Users", filter);
        expect(res.status, filter).toBe(200);
        expect(
          res.json.Resources.map((r: { id: string }) => r.id),
          filter,
        ).toEqual(ids);
        expect(res.json.totalResults).toBe(ids.length);
      }
    }
  });

  it("filters groups by displayName", async () => {
    const t = await org();
    for (const version of [1, 2] as const) {
      const res = await search(t, version, "Groups", 'displayName eq "analytics"');
      expect(res.json.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(["Analytics"]);
      expect((await search(t, version, "Groups", 'displayName sw "P"')).json.totalResults).toBe(1);
    }
  });

  it("refuses what Slack refuses, with Slack's codes", async () => {
    const t = await org();
    const cases: [string, string, string][] = [
      ["Users", "foo", "no_filters (is_aggregate_call=1)"],
      ["Groups", "foo", "no_filters (is_aggregate_call=1)"],
      ["Users", "", "no_filters (is_aggregate_call=1)"],
      ["Users", "userName eq", "incomplete_filter"],
      ["Users", 'userName eq "a" or', "incomplete_filter"],
      ["Users", 'userName  eq "a"', "incomplete_filter"],
      ["Users", 'userName eq "x"and restricted eq 0', "incomplete_filter"],
      ["Users", 'userName eq"x"', "incomplete_filter"],
      ["Users", 'userName\teq "x"', "incomplete_filter"],
      ["Users", 'userName eq "x"\nor userName eq "y"', "incomplete_filter"],
      ["Users", 'userName eq "unterminated', "incomplete_filter"],
      ["Users", '(userName eq "a"', "invalid_filter_group"],
      ["Users", 'userName eq "a")', "invalid_filter_group"],
      ["Users", 'title eq "x"', "invalid_query"],
      ["Users", 'userName ne "x"', "invalid_query"],
      ["Users", 'userName ew "x"', "invalid_query"],
      ["Users", 'not (userName eq "x")', "invalid_query"],
      ["Users", 'emails[type eq "work"]', "invalid_query"],
      ["Users", "userName eq ada", "invalid_query"],
      ["Groups", 'userName eq "x"', "invalid_query"],
    ];
    for (const [resource, filter, description] of cases) {
      const v1 = await search(t, 1, resource, filter);
      expect(v1.status, filter).toBe(400);
      expect(v1.json, filter).toEqual({ Errors: { description, code: 400 } });
      const v2 = await search(t, 2, resource, filter);
      expect(v2.json, filter).toEqual({ schemas: [urn.error2], detail: description, status: 400 });
    }
  });

  it("checks the filter before paging (count=-1&filter=foo answers no_filters)", async () => {
    const t = await org();
    const res = await t.call(1, "GET", "Groups?count=-1&filter=foo");
    expect(res.json.Errors.description).toBe("no_filters (is_aggregate_call=1)");
  });
});

describe("escapes in quoted filter values", () => {
  it('decodes \\" \\\\ \\uXXXX and \\/ in a double-quoted literal, as scimFilter writes them', async () => {
    const t = await start();
    const names = ["R&D \\ Ops", 'Say "hi"', "Café", "a/b", "ends with \\", '\\"both\\"'];
    for (const displayName of names)
      await t.call(2, "POST", "Groups", { schemas: [urn.group2], displayName });
    const found = async (filter: string) =>
      (await search(t as never, 2, "Groups", filter)).json.Resources?.map(
        (g: { displayName: string }) => g.displayName,
      );
    for (const name of names) {
      expect(await found(String(scimFilter`displayName eq ${name}`)), name).toEqual([name]);
    }
    expect(await found(String.raw`displayName eq "Caf\u00e9"`)).toEqual(["Café"]);
    expect(await found(String.raw`displayName eq "a\/b"`)).toEqual(["a/b"]);
    expect(await found(String.raw`displayName eq "R&D \\ Ops"`)).toEqual(["R&D \\ Ops"]);
    expect(await found(String.raw`displayName co "\"hi"`)).toEqual(['Say "hi"']);
    // Slack's single-quoted literal is taken as written.
    expect(await found(String.raw`displayName eq 'R&D \ Ops'`)).toEqual(["R&D \\ Ops"]);
    const users = await start();
    expect((await search(users as never, 2, "Users", String.raw`userName eq "a\\"`)).json.totalResults).toBe(
      0,
    );
    expect(
      (await search(t as never, 2, "Groups", String.raw`displayName eq "bad \x escape"`)).json.detail,
    ).toBe("invalid_query");
  });
});
