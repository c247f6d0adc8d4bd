import { describe, expect, it } from "vitest";
import { createUser, ops, start } from "./helpers/server.js";

/** SCIM 2.0 PatchOp paths (docs/behaviour.md): simple attributes, name, photos, addresses and roles. */

async function user(extra: Record<string, unknown> = {}) {
  const t = await start();
  const u = await createUser(t, 2, "target", extra);
  return { t, u, patch: (...o: unknown[]) => t.call(2, "PATCH", `Users/${u.id}`, ops(...o)) };
}

describe("SCIM 2.0 PatchOp: simple attributes", () => {
  it("replace sets userName, nickName, displayName, title, userType, preferredLanguage, locale and timezone", async () => {
    const { patch } = await user();
    const res = await patch(
      { op: "replace", path: "nickName", value: "nick" },
      { op: "replace", path: "displayName", value: "Shown" },
      { op: "replace", path: "title", value: "CTO" },
      { op: "replace", path: "userType", value: "Employee" },
      { op: "replace", path: "preferredLanguage", value: "en_US" },
      { op: "replace", path: "locale", value: "en-US" },
      { op: "replace", path: "timezone", value: "Asia/Tokyo" },
    );
    expect(res.json).toMatchObject({
      userName: "nick",
      nickName: "nick",
      displayName: "Shown",
      title: "CTO",
      userType: "Employee",
      preferredLanguage: "en_US",
      locale: "en-US",
      timezone: "Asia/Tokyo",
    });
  });

  it("replace on active takes a boolean: false deactivates, true reactivates", async () => {
    const { t, u, patch } = await user();
    expect((await patch({ op: "replace", path: "active", value: false })).json.active).toBe(false);
    expect(t.emulator.store.getUser(u.id)?.active).toBe(false);
    expect((await patch({ op: "replace", path: "active", value: true })).json.active).toBe(true);
  });

  it("remove blanks title, displayName, timezone and the custom fields; userName cannot be removed", async () => {
    const { patch } = await user({
      title: "T",
      displayName: "D",
      timezone: "Asia/Tokyo",
      userType: "E",
      locale: "x",
    });
    const res = await patch(
      { op: "remove", path: "title" },
      { op: "remove", path: "displayName" },
      { op: "remove", path: "timezone" },
      { op: "remove", path: "userType" },
    );
    expect(res.json).toMatchObject({
      title: "",
      displayName: "",
      timezone: "America/Los_Angeles",
      userType: null,
    });
    expect((await patch({ op: "remove", path: "userName" })).json.detail).toBe("username_empty");
  });

  it("refuses remove on an attribute Slack does not know (invalid_request_payload)", async () => {
    const { patch } = await user();
    const res = await patch({ op: "remove", path: "favouriteColour" });
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_request_payload" } });
  });

  it("ignores operations on read-only attributes (id, externalId, meta, groups)", async () => {
    const { u, patch } = await user();
    const res = await patch(
      { op: "replace", path: "externalId", value: "x" },
      { op: "replace", path: "id", value: "W0000000999" },
      { op: "remove", path: "groups" },
    );
    expect(res.json).toEqual(u);
  });
});

describe("SCIM 2.0 PatchOp: name", () => {
  it("add on name with an object changes only the parts it names", async () => {
    const { patch } = await user({ name: { givenName: "Ada", familyName: "Lovelace" } });
    const res = await patch({
      op: "add",
      path: "name",
      value: { familyName: "King", honorificPrefix: "Countess" },
    });
    expect(res.json.name).toEqual({ givenName: "Ada", familyName: "King", honorificPrefix: "Countess" });
  });

  it("replace on name.familyName and name.honorificPrefix sets those sub-attributes", async () => {
    const { patch } = await user({ name: { givenName: "Ada", familyName: "Lovelace" } });
    const res = await patch(
      { op: "replace", path: "name.familyName", value: "King" },
      { op: "replace", path: "name.honorificPrefix", value: "Countess" },
    );
    expect(res.json.name).toEqual({ givenName: "Ada", familyName: "King", honorificPrefix: "Countess" });
  });

  it("remove on name.givenName blanks it; removing both names is invalid_name_required", async () => {
    const { patch } = await user({ name: { givenName: "Ada", familyName: "Lovelace" } });
    expect((await patch({ op: "remove", path: "name.givenName" })).json.name).toEqual({
      givenName: "",
      familyName: "Lovelace",
    });
    expect((await patch({ op: "remove", path: "name" })).json.detail).toBe(
      "invalid_name_required (user=target)",
    );
  });

  it("ignores name members Slack does not store (middleName, formatted)", async () => {
    const { u, patch } = await user({ name: { givenName: "Ada", familyName: "Lovelace" } });
    const res = await patch(
      { op: "replace", path: "name.middleName", value: "Augusta" },
      { op: "add", path: "name", value: { formatted: "Ada King" } },
    );
    expect(res.json).toEqual(u);
  });

  it("refuses a name that is not an object (invalid_attribute_format)", async () => {
    const { patch } = await user();
    expect((await patch({ op: "add", path: "name", value: "Ada Lovelace" })).json.detail).toBe(
      "invalid_attribute_format",
    );
  });
});

describe("SCIM 2.0 PatchOp: photos, addresses and roles", () => {
  it("add on photos with an array stores the first (or primary) photo", async () => {
    const { t, u, patch } = await user();
    const res = await patch({ op: "add", path: "photos", value: [{ value: "https://img.example/p.png" }] });
    expect(res.status).toBe(200);
    expect((await t.call(2, "GET", `Users/${u.id}`)).json.photos).toEqual([
      { value: "https://img.example/p.png", type: "photo" },
    ]);
    await patch({ op: "remove", path: "photos" });
    expect(t.emulator.store.getUser(u.id)?.photo).toBeNull();
  });

  it("add on addresses with an array stores one address; remove on addresses deletes it", async () => {
    const { patch } = await user();
    const added = await patch({
      op: "add",
      path: "addresses",
      value: [
        { streetAddress: "1 Rd", locality: "Oslo", type: "work", primary: true },
        { locality: "Bergen" },
      ],
    });
    expect(added.json.addresses).toEqual([
      { streetAddress: "1 Rd", locality: "Oslo", region: null, postalCode: null, country: null },
    ]);
    const removed = await patch({ op: "remove", path: "addresses" });
    expect(removed.json.addresses).toBeUndefined();
  });

  it("replace on an address sub-attribute changes that member only", async () => {
    const { patch } = await user({ addresses: [{ locality: "Oslo", country: "NO" }] });
    const res = await patch({ op: "replace", path: "addresses.postalCode", value: "0150" });
    expect(res.json.addresses).toEqual([
      { streetAddress: null, locality: "Oslo", region: null, postalCode: "0150", country: "NO" },
    ]);
  });

  it("add on roles accepts plain strings and objects; remove on roles deletes the role", async () => {
    const { patch } = await user();
    expect((await patch({ op: "add", path: "roles", value: ["Tech Lead"] })).json.roles).toEqual([
      { value: "Tech Lead", primary: true },
    ]);
    expect(
      (await patch({ op: "add", path: "roles", value: [{ value: "Manager", primary: true }] })).json.roles,
    ).toEqual([{ value: "Manager", primary: true }]);
    expect((await patch({ op: "remove", path: "roles" })).json.roles).toBeUndefined();
  });

  it("add on roles accepts a single string value", async () => {
    const { patch } = await user();
    expect((await patch({ op: "add", path: "roles", value: "Owner" })).json.roles).toEqual([
      { value: "Owner", primary: true },
    ]);
  });

  it("refuses a role that is neither a string nor an object (roles_invalid)", async () => {
    const { patch } = await user();
    expect((await patch({ op: "add", path: "roles", value: [42] })).json.detail).toBe("roles_invalid");
  });

  it("refuses an address that is not an object (addresses_invalid)", async () => {
    const { patch } = await user();
    expect((await patch({ op: "add", path: "addresses", value: ["1 Rd, Oslo"] })).json.detail).toBe(
      "addresses_invalid",
    );
  });
});
