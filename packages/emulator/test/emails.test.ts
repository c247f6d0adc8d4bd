import { describe, expect, it } from "vitest";
import { createUser, ops, start, urn } from "./helpers/server.js";

/** Two stored emails, their selection order, `missing_primary_email`, and 2.0 PatchOp on `emails` (docs/behaviour.md). */

const home = { value: "home@acme.example", type: "home" };
const work = { value: "work@acme.example", type: "work" };
const other = { value: "other@acme.example" };

describe("email selection on create", () => {
  const cases: [string, unknown[], string, string | null][] = [
    ["primary: true wins over type work", [work, { ...home, primary: true }], home.value, work.value],
    ['type: "work" wins over array order', [home, work], work.value, home.value],
    ["otherwise the first in order; the second is the secondary", [other, home], other.value, home.value],
    ["a third email is not stored", [work, home, other], work.value, home.value],
  ];
  for (const version of [1, 2] as const) {
    it.each(cases)(`${version === 1 ? "1.1" : "2.0"}: %s`, async (_case, emails, primary, secondary) => {
      const t = await start();
      const u = await createUser(t, version, "mail", { emails });
      const expected = [{ value: primary, primary: true }];
      if (secondary) expected.push({ value: secondary, primary: false });
      expect(u.emails).toEqual(expected);
    });
  }

  it("does not keep a third email: it stays free for another user", async () => {
    const t = await start();
    await createUser(t, 1, "mail", { emails: [work, home, other] });
    expect(t.emulator.store.findUserByEmail(other.value)).toBeUndefined();
    expect((await createUser(t, 1, "other", { emails: [other] })).emails[0].value).toBe(other.value);
  });

  it("stores an address sent twice (in any case) once", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", { emails: [work, { value: "WORK@acme.example" }] });
    expect(u.emails).toEqual([{ value: work.value, primary: true }]);
  });

  it("returns emails as {value, primary} only, without the request's type", async () => {
    const t = await start();
    const u = await createUser(t, 2, "mail", { emails: [{ ...work, display: "Work" }] });
    expect(u.emails).toEqual([{ value: work.value, primary: true }]);
  });
});

describe("SCIM 2.0 PatchOp on emails", () => {
  async function user() {
    const t = await start();
    const u = await createUser(t, 2, "mail", { emails: [{ ...work, primary: true }, home] });
    return { t, patch: (...o: unknown[]) => t.call(2, "PATCH", `Users/${u.id}`, ops(...o)) };
  }

  it("add with a single object sets the secondary", async () => {
    const { patch } = await user();
    const res = await patch({ op: "add", path: "emails", value: { value: "new@acme.example" } });
    expect(res.json.emails).toEqual([
      { value: work.value, primary: true },
      { value: "new@acme.example", primary: false },
    ]);
  });

  it("add of the current primary flagged primary: true changes nothing", async () => {
    const { patch } = await user();
    const res = await patch({
      op: "add",
      path: "emails",
      value: [{ value: "WORK@acme.example", primary: true }],
    });
    expect(res.status).toBe(200);
    expect(res.json.emails).toEqual([
      { value: work.value, primary: true },
      { value: home.value, primary: false },
    ]);
  });

  it('replace on emails[type eq "home"].value replaces the secondary (only work selects the primary)', async () => {
    const { patch } = await user();
    const res = await patch({
      op: "replace",
      path: 'emails[type eq "home"].value',
      value: "h2@acme.example",
    });
    expect(res.json.emails).toEqual([
      { value: work.value, primary: true },
      { value: "h2@acme.example", primary: false },
    ]);
  });

  it("replace on emails[primary eq false] with an object replaces the secondary", async () => {
    const { patch } = await user();
    const res = await patch({
      op: "replace",
      path: "emails[primary eq false]",
      value: { value: "alt@acme.example" },
    });
    expect(res.json.emails[1]).toEqual({ value: "alt@acme.example", primary: false });
  });

  it('remove on emails[value eq "…"] removes the secondary it names; an unknown address is a no-op', async () => {
    const { t, patch } = await user();
    const unknown = await patch({ op: "remove", path: 'emails[value eq "nobody@acme.example"]' });
    expect(unknown.status).toBe(200);
    expect(t.emulator.store.users()[0]?.secondaryEmail).toBe("home@acme.example");
    const res = await patch({ op: "remove", path: 'emails[value eq "HOME@acme.example"]' });
    expect(res.json.emails).toEqual([{ value: work.value, primary: true }]);
  });

  it('replace on emails[value eq "…"] with no such address is noTarget (400), not a write to a default slot', async () => {
    const { t, patch } = await user();
    const res = await patch({
      op: "replace",
      path: 'emails[value eq "nobody@acme.example"].value',
      value: "x@acme.example",
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/noTarget/);
    expect(t.emulator.store.users()[0]).toMatchObject({
      primaryEmail: work.value,
      secondaryEmail: home.value,
    });
  });

  it("remove on emails[primary eq false] removes the secondary", async () => {
    const { patch } = await user();
    const res = await patch({ op: "remove", path: "emails[primary eq false]" });
    expect(res.json.emails).toEqual([{ value: work.value, primary: true }]);
  });

  it.each(['emails[value eq "work@acme.example"]', 'emails[type eq "work"]', "emails[primary eq true]"])(
    "remove on %s answers missing_primary_email and keeps both addresses",
    async (path) => {
      const { t, patch } = await user();
      const res = await patch({ op: "remove", path });
      expect(res).toMatchObject({
        status: 400,
        json: { schemas: [urn.error2], detail: "missing_primary_email" },
      });
      expect(t.emulator.store.findUserByEmail(home.value)).toBeDefined();
    },
  );

  it("refuses a malformed address with bad_email_address and a non-string with emails_invalid", async () => {
    const { patch } = await user();
    expect(
      (await patch({ op: "replace", path: "emails[primary eq true].value", value: "nope" })).json.detail,
    ).toBe("bad_email_address");
    expect((await patch({ op: "add", path: "emails", value: [{ value: 42 }] })).json.detail).toBe(
      "emails_invalid",
    );
    expect((await patch({ op: "add", path: "emails", value: ["x@acme.example"] })).json.detail).toBe(
      "emails_invalid",
    );
  });

  it("refuses a filter on an attribute emails do not have", async () => {
    const { patch } = await user();
    const res = await patch({ op: "remove", path: 'emails[display eq "x"]' });
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_request_payload" } });
  });
});
