import { describe, expect, it } from "vitest";
import type { Group, User } from "../../src/index.js";
import { applyPatch } from "../../src/patch/index.js";

const E2 = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const G2 = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
const user: User = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "ada",
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [
    { value: "a@x.example", primary: true, type: "work" },
    { value: "b@x.example", primary: false },
  ],
};

describe("applyPatch", () => {
  it("does not modify its input", () => {
    const copy = structuredClone(user);
    applyPatch(user, [{ op: "replace", path: "userName", value: "x" }]);
    expect(user).toEqual(copy);
  });

  it("merges complex values and sets sub-attributes", () => {
    const r = applyPatch(user, [
      { op: "replace", path: "name", value: { familyName: "King" } },
      { op: "add", path: "NAME.honorificPrefix", value: "Countess" },
    ]);
    expect(r.name).toEqual({ givenName: "Ada", familyName: "King", honorificPrefix: "Countess" });
  });

  it("applies a path-less operation attribute by attribute", () => {
    const r = applyPatch(user, [{ op: "replace", value: { title: "CTO", [E2]: { department: "R&D" } } }]);
    expect(r.title).toBe("CTO");
    expect(r[E2]).toEqual({ department: "R&D" });
    expect(r.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User", E2]);
  });

  it("handles extension blocks in colon and dot forms, and removes them with their schema", () => {
    let r = applyPatch(user, [
      { op: "add", path: `${E2}:employeeNumber`, value: "1" },
      { op: "add", path: E2, value: { manager: { managerId: "W2" } } },
    ]);
    expect(r[E2]).toEqual({ employeeNumber: "1", manager: { managerId: "W2" } });
    r = applyPatch(r, [{ op: "remove", path: `${E2}.manager.managerId` }]);
    expect(r[E2]).toEqual({ employeeNumber: "1", manager: {} });
    r = applyPatch(r, [{ op: "remove", path: E2 }]);
    expect(r[E2]).toBeUndefined();
    expect(r.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User"]);
    expect(applyPatch(user, [{ op: "remove", path: `${G2}.expiration` }])).toEqual(user);
  });

  it("adds to multi-valued attributes without duplicates and demotes the old primary", () => {
    const r = applyPatch(user, [
      { op: "add", path: "emails", value: { value: "c@x.example", primary: true } },
      { op: "add", path: "emails", value: [{ value: "b@x.example", primary: false }] },
    ]);
    expect(r.emails).toEqual([
      { value: "a@x.example", primary: false, type: "work" },
      { value: "b@x.example", primary: false },
      { value: "c@x.example", primary: true },
    ]);
  });

  it("evaluates value filters", () => {
    const ops = (path: string) => applyPatch(user, [{ op: "remove", path }]).emails?.map((e) => e.value);
    expect(ops('emails[value eq "a@x.example"]')).toEqual(["b@x.example"]);
    expect(ops('emails[value ne "a@x.example"]')).toEqual(["a@x.example"]);
    expect(ops('emails[value sw "b"]')).toEqual(["a@x.example"]);
    expect(ops('emails[value ew "x.example" and type pr]')).toEqual(["b@x.example"]);
    expect(ops('emails[not (primary eq true) or value co "zz"]')).toEqual(["a@x.example"]);
    expect(ops('emails[value gt "a@z"]')).toEqual(["a@x.example"]);
    expect(ops("emails[type eq null]")).toEqual(["a@x.example"]);
    expect(applyPatch(user, [{ op: "remove", path: "emails[value pr]" }]).emails).toBeUndefined();
  });

  it("replaces matching entries and their sub-attributes", () => {
    const r = applyPatch(user, [
      { op: "replace", path: "emails[primary eq true].value", value: "new@x.example" },
      { op: "replace", path: "emails[primary eq false]", value: { value: "c@x.example", primary: true } },
    ]);
    expect(r.emails).toEqual([
      { value: "new@x.example", primary: false, type: "work" },
      { value: "c@x.example", primary: true },
    ]);
    const roles = applyPatch({ roles: ["Lead"] }, [
      { op: "replace", path: 'roles[value eq "Lead"].primary', value: true },
    ]);
    expect(roles.roles).toEqual([{ value: "Lead", primary: true }]);
  });

  it("reports noTarget for a replace whose filter matches nothing, naming the operation", () => {
    expect(() =>
      applyPatch(user, [
        { op: "replace", path: "userName", value: "x" },
        { op: "replace", path: 'emails[value eq "zz"].value', value: "y" },
      ]),
    ).toThrow(/PATCH operation 1: noTarget/);
    expect(() => applyPatch({}, [{ op: "replace", path: "emails.value", value: "y" }])).not.toThrow();
  });

  it("removes group members by filter, by value list, or all", () => {
    const group: Group = { displayName: "g", members: [{ value: "W1" }, { value: "W2" }, { value: "W3" }] };
    expect(applyPatch(group, [{ op: "remove", path: "members[value eq W2]" }]).members).toEqual([
      { value: "W1" },
      { value: "W3" },
    ]);
    expect(
      applyPatch(group, [{ op: "remove", path: "members", value: [{ value: "W1" }, "W3"] }]).members,
    ).toEqual([{ value: "W2" }]);
    expect(applyPatch(group, [{ op: "remove", path: "members" }]).members).toBeUndefined();
    expect(applyPatch(group, [{ op: "replace", path: "members", value: [{ value: "W9" }] }]).members).toEqual(
      [{ value: "W9" }],
    );
  });

  it("returns a copy for no operations and refuses invalid ones", () => {
    expect(applyPatch(user, [])).toEqual(user);
    expect(() => applyPatch(user, [{ op: "add", path: E2, value: "x" }])).toThrow(/needs an object/);
    expect(() => applyPatch(user, [{ op: "remove", path: "nope" }])).toThrow(/unknown attribute/);
  });
});
