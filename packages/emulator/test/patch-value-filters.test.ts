import { describe, expect, it } from "vitest";
import { createUser, ops, sequentialIds, start, urn } from "./helpers/server.js";

/**
 * PATCH value paths read with the same grammar as list filters: Slack's filter operators (`eq co sw pr gt ge lt
 * le`), `and`, `or` and parentheses, evaluated as RFC 7644 section 3.4.2.2 says; `ne`, `ew` and `not`, which Slack's
 * filters refuse, are 400 `invalid_request_payload`.
 */

const work = "work@acme.example";
const home = "home@acme.example";

async function user() {
  const t = await start();
  const u = await createUser(t, 2, "mail", {
    emails: [
      { value: work, type: "work", primary: true },
      { value: home, type: "home" },
    ],
    phoneNumbers: [
      { value: "+1 1", primary: true },
      { value: "+1 2", type: "work" },
    ],
  });
  const patch = (...o: unknown[]) => t.call(2, "PATCH", `Users/${u.id}`, ops(...o));
  const stored = () => t.emulator.store.getUser(u.id as string);
  return { t, id: u.id as string, patch, stored };
}

describe("SCIM 2.0 PatchOp value filters beyond eq", () => {
  it("co, sw and pr select the values they describe", async () => {
    const { patch, stored } = await user();
    expect((await patch({ op: "remove", path: 'emails[value co "home"]' })).status).toBe(200);
    expect(stored()).toMatchObject({ primaryEmail: work, secondaryEmail: null });
    await patch({ op: "replace", path: 'phoneNumbers[value sw "+1 2"].value', value: "+1 22" });
    expect(stored()).toMatchObject({ primaryPhone: "+1 1", mobilePhone: "+1 22" });
    await patch({ op: "remove", path: "phoneNumbers[value pr]" });
    expect(stored()).toMatchObject({ primaryPhone: null, mobilePhone: null });
  });

  it("and, or and parentheses combine comparisons", async () => {
    const { patch, stored } = await user();
    const res = await patch({
      op: "replace",
      path: 'emails[value sw "HOME" and primary eq false].value',
      value: "h2@acme.example",
    });
    expect(res.json.emails).toEqual([
      { value: work, primary: true },
      { value: "h2@acme.example", primary: false },
    ]);
    await patch({ op: "remove", path: 'phoneNumbers[(type eq "work") or value eq "+1 1"]' });
    expect(stored()).toMatchObject({ primaryPhone: null, mobilePhone: null });
  });

  it("gt, ge, lt and le compare values in order", async () => {
    const { patch, stored } = await user();
    await patch({ op: "replace", path: 'phoneNumbers[value gt "+1 1"].value', value: "+1 3" });
    expect(stored()).toMatchObject({ primaryPhone: "+1 1", mobilePhone: "+1 3" });
    await patch({ op: "replace", path: 'phoneNumbers[value le "+1 1"].value', value: "+1 0" });
    expect(stored()).toMatchObject({ primaryPhone: "+1 0", mobilePhone: "+1 3" });
    await patch({ op: "remove", path: 'phoneNumbers[value ge "+1 3" or value lt "+1 0"]' });
    expect(stored()).toMatchObject({ primaryPhone: "+1 0", mobilePhone: null });
  });

  it('primary eq "true" reads the string as the boolean; an empty slot equals null', async () => {
    const { patch, stored } = await user();
    await patch({ op: "replace", path: 'emails[primary eq "TRUE"].value', value: "w2@acme.example" });
    expect(stored()).toMatchObject({ primaryEmail: "w2@acme.example", secondaryEmail: home });
    await patch({ op: "remove", path: 'phoneNumbers[type eq "work"]' });
    await patch({ op: "add", path: "phoneNumbers[value eq null].value", value: "+1 9" });
    expect(stored()).toMatchObject({ primaryPhone: "+1 1", mobilePhone: "+1 9" });
  });

  it("a filter that reaches the primary email cannot remove it", async () => {
    const { patch, stored } = await user();
    const res = await patch({ op: "remove", path: 'emails[value co "@acme.example"]' });
    expect(res).toMatchObject({ status: 400, json: { detail: "missing_primary_email" } });
    expect(stored()).toMatchObject({ primaryEmail: work, secondaryEmail: home });
  });

  it("a replace that matches nothing is noTarget, naming the whole filter", async () => {
    const { patch } = await user();
    const res = await patch({
      op: "replace",
      path: 'phoneNumbers[value eq "+1 8" or value co "9"].value',
      value: "+1 5",
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe(
      'invalid_request_payload (noTarget: no phoneNumbers value matches [value eq "+1 8" or value co "9"])',
    );
  });

  it.each([
    'emails[value ne "x@acme.example"]',
    'emails[value ew "acme.example"]',
    "emails[not (primary eq true)]",
    'emails[primary co "t"]',
    'emails[type eq "work" and display eq "x"]',
    'emails[value eq "a" or]',
    `emails[${"(".repeat(20_000)}value pr${")".repeat(20_000)}]`,
  ])("refuses %s with invalid_request_payload and changes nothing", async (path) => {
    const { patch, stored } = await user();
    const res = await patch({ op: "remove", path });
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_request_payload" } });
    expect(stored()).toMatchObject({ primaryEmail: work, secondaryEmail: home });
  });

  it("1.1 meta.attributes takes the same value filters", async () => {
    const { t, id, stored } = await user();
    const res = await t.call(1, "PATCH", `Users/${id}`, {
      schemas: [urn.core1],
      meta: { attributes: ['emails[value co "home" or value eq "nobody@acme.example"]'] },
    });
    expect(res.status).toBe(200);
    expect(stored()?.secondaryEmail).toBeNull();
  });
});

describe("group member value filters", () => {
  async function group() {
    const t = await start({ ids: sequentialIds() });
    const ids: string[] = [];
    for (const name of ["m1", "m2", "m3"]) ids.push((await createUser(t, 2, name)).id);
    const g = await t.call(2, "POST", "Groups", {
      schemas: [urn.group2],
      displayName: "crew",
      members: ids.map((value) => ({ value })),
    });
    const path = `Groups/${g.json.id}`;
    const remove = (filter: string) =>
      t.call(2, "PATCH", path, ops({ op: "remove", path: `members[${filter}]` }));
    return { ids, remove, members: () => t.emulator.store.getGroup(g.json.id)?.members };
  }

  it("removes every member an or (or an sw) selects", async () => {
    const { ids, remove, members } = await group();
    const res = await remove(`value eq "${ids[0]}" or value eq ${ids[2]}`);
    expect(res.json.members.map((m: { value: string }) => m.value)).toEqual([ids[1]]);
    await remove('value sw "W"');
    expect(members()).toEqual([]);
  });

  it("compares member ids exactly and refuses ne", async () => {
    const { ids, remove, members } = await group();
    await remove(`value eq "${ids[0]?.toLowerCase()}"`);
    expect(members()).toEqual(ids);
    expect((await remove(`value ne "${ids[0]}"`)).json.detail).toBe("invalid_request_payload");
    expect(members()).toEqual(ids);
  });
});
