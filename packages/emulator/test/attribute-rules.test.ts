import { describe, expect, it } from "vitest";
import { createUser, newUser1, ops, start, urn } from "./helpers/server.js";

/**
 * One table of attribute rules serves POST, PUT, 1.1 PATCH and 2.0 PatchOp: cases where the four writes used to
 * differ now behave alike.
 */

describe("one set of attribute rules for every write", () => {
  it("refuses any write that blanks the full name, a 1.1 meta.attributes removal included", async () => {
    const t = await start();
    const u = await createUser(t, 1, "named", { name: { givenName: "Ada", familyName: "King" } });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: ["name.givenName", "name.familyName"] },
    });
    expect(res.json.Errors.description).toBe("invalid_name_required (user=named)");
    expect(t.emulator.store.getUser(u.id)).toMatchObject({ givenName: "Ada", familyName: "King" });
    // 1.1 ignores what it cannot remove; one of the two names may go.
    const ignored = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: ["password", "nosuch", 7] },
    });
    expect(ignored.status).toBe(200);
    const one = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      meta: { attributes: ["name.familyName"] },
    });
    expect(one.json.name).toMatchObject({ givenName: "Ada", familyName: "" });
  });

  it("reads attribute names in any case, in every body (RFC 7643)", async () => {
    const t = await start();
    const created = await t.call(1, "POST", "Users", {
      schemas: [urn.core1],
      USERNAME: "cased",
      Emails: [{ value: "cased@acme.example" }, { value: "home@acme.example" }],
      Title: "Lead",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ userName: "cased", title: "Lead" });
    // A 1.1 PATCH's "Emails" gets the 1.1 rules: an entry marked delete removes the address it names.
    const patched = await t.call(1, "PATCH", `Users/${created.json.id}`, {
      schemas: [urn.core1],
      Emails: [{ value: "home@acme.example", operation: "delete" }],
    });
    expect(patched.json.emails).toEqual([{ value: "cased@acme.example", primary: true }]);
  });

  it("stores userName when nickName comes with it, checking nickName only for length", async () => {
    const t = await start();
    const u = await createUser(t, 1, "nick");
    const v1 = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      nickName: "",
      userName: "renamed",
    });
    expect(v1.json).toMatchObject({ userName: "renamed", nickName: "renamed" });
    const long = await t.call(1, "PATCH", `Users/${u.id}`, {
      schemas: [urn.core1],
      userName: "again",
      nickName: "n".repeat(22),
    });
    expect(long.json.Errors.description).toMatch(/^long_nickname/);
    const v2 = await t.call(
      2,
      "PATCH",
      `Users/${u.id}`,
      ops({ op: "replace", value: { nickName: "x", userName: "both" } }),
    );
    expect(v2.json.userName).toBe("both");
  });

  it("lets an explicit active win over a guest conversion's reactivation, whatever the key order", async () => {
    for (const body of [
      { schemas: [urn.core1, urn.guest1], active: false, [urn.guest1]: { type: "multi" } },
      { schemas: [urn.core1, urn.guest1], [urn.guest1]: { type: "multi" }, active: false },
    ]) {
      const t = await start();
      const u = await createUser(t, 1, "visitor");
      const res = await t.call(1, "PATCH", `Users/${u.id}`, body);
      expect(res.json[urn.guest1]).toEqual({ type: "multi" });
      expect(t.emulator.store.getUser(u.id)?.active).toBe(false);
    }
  });

  it("a PUT keeps the stored active state through a guest conversion", async () => {
    const t = await start();
    const u = await createUser(t, 1, "sleeper");
    await t.call(1, "DELETE", `Users/${u.id}`);
    const res = await t.call(1, "PUT", `Users/${u.id}`, {
      ...newUser1("sleeper"),
      schemas: [urn.core1, urn.guest1],
      [urn.guest1]: { type: "multi" },
    });
    expect(res.status).toBe(200);
    expect(t.emulator.store.getUser(u.id)).toMatchObject({ active: false, guest: { type: "multi" } });
  });
});
