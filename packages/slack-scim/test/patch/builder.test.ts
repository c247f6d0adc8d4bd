import { describe, expect, it } from "vitest";
import {
  add,
  addEmail,
  addMembers,
  addPhoneNumber,
  checkPatchOperations,
  createPatchRequest,
  PatchPathError,
  parsePatchPath,
  remove,
  removeEmail,
  removeMember,
  removeMembers,
  removePhoneNumber,
  removeSecondaryEmail,
  renameGroup,
  replace,
  replaceMembers,
  replacePhoneNumber,
  replacePrimaryEmail,
  replaceSecondaryEmail,
  valuePath,
} from "../../src/patch/index.js";

describe("builder", () => {
  it("builds the three operations with checked paths", () => {
    expect(replace("active", false)).toEqual({ op: "replace", path: "active", value: false });
    expect(add("members", [{ value: "W1" }])).toEqual({
      op: "add",
      path: "members",
      value: [{ value: "W1" }],
    });
    expect(remove('members[value eq "W123"]')).toEqual({ op: "remove", path: 'members[value eq "W123"]' });
    expect(() => replace("actve", true)).toThrow(PatchPathError);
  });

  it("types the value of known paths", () => {
    // @ts-expect-error active takes a boolean
    replace("active", "no");
    // @ts-expect-error name.givenName takes a string
    replace("name.givenName", 3);
    expect(replace("urn:x:custom", 1, { allowUnknownAttributes: true }).value).toBe(1);
  });

  it("escapes quotes and backslashes in value filters", () => {
    expect(valuePath("emails", "value", 'a"b\\c@x.example')).toBe('emails[value eq "a\\"b\\\\c@x.example"]');
    expect(removeEmail('q"@x.example').path).toBe('emails[value eq "q\\"@x.example"]');
    expect(parsePatchPath(removeEmail('q"\\@x.example').path ?? "").filter).toEqual({
      kind: "compare",
      attribute: "value",
      operator: "eq",
      value: 'q"\\@x.example',
    });
  });

  it("keeps unicode and escapes control characters", () => {
    const path = removeMember("W1\u00e9\u{1F600}\n");
    expect(path.path).toBe('members[value eq "W1é😀\\n"]');
    expect(parsePatchPath(path.path ?? "").filter).toMatchObject({ value: "W1é😀\n" });
  });

  it("renders booleans and null bare, and an optional sub-attribute", () => {
    expect(valuePath("emails", "primary", true, "value")).toBe("emails[primary eq true].value");
    expect(valuePath("phoneNumbers", "value", null)).toBe("phoneNumbers[value eq null]");
  });

  it("has member helpers", () => {
    expect(addMembers(["W1", "W2"])).toEqual({
      op: "add",
      path: "members",
      value: [{ value: "W1" }, { value: "W2" }],
    });
    expect(addMembers("W1")).toEqual({ op: "add", path: "members", value: [{ value: "W1" }] });
    expect(removeMembers(["W1", "W2"])).toEqual([
      { op: "remove", path: 'members[value eq "W1"]' },
      { op: "remove", path: 'members[value eq "W2"]' },
    ]);
    expect(replaceMembers(["W1"])).toEqual({ op: "replace", path: "members", value: [{ value: "W1" }] });
    expect(renameGroup("eng")).toEqual({ op: "replace", path: "displayName", value: "eng" });
  });

  it("has email and phone helpers in Slack's documented forms", () => {
    expect(replacePrimaryEmail("a@x.example")).toEqual({
      op: "replace",
      path: "emails[primary eq true].value",
      value: "a@x.example",
    });
    expect(replaceSecondaryEmail("b@x.example")).toEqual({
      op: "replace",
      path: "emails[primary eq false]",
      value: { value: "b@x.example", primary: false },
    });
    expect(addEmail("c@x.example")).toEqual({ op: "add", path: "emails", value: [{ value: "c@x.example" }] });
    expect(addEmail({ value: "c@x.example", type: "home" }).value).toEqual([
      { value: "c@x.example", type: "home" },
    ]);
    expect(removeSecondaryEmail()).toEqual({ op: "remove", path: "emails[primary eq false]" });
    expect(addPhoneNumber({ value: "+1 555", type: "work" }).value).toEqual([
      { value: "+1 555", type: "work" },
    ]);
    expect(addPhoneNumber("+1 555").value).toEqual([{ value: "+1 555" }]);
    expect(replacePhoneNumber("+1 1", "+1 2")).toEqual({
      op: "replace",
      path: 'phoneNumbers[value eq "+1 1"].value',
      value: "+1 2",
    });
    expect(removePhoneNumber("+1 1")).toEqual({ op: "remove", path: 'phoneNumbers[value eq "+1 1"]' });
    for (const op of [replacePrimaryEmail("a"), replaceSecondaryEmail("b"), removeSecondaryEmail()]) {
      expect(() => parsePatchPath(op.path ?? "", { resource: "User" })).not.toThrow();
    }
  });
});

describe("createPatchRequest", () => {
  it("wraps operations in the PatchOp message", () => {
    expect(createPatchRequest([replace("title", "CTO")])).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "title", value: "CTO" }],
    });
  });

  it("refuses bad operations naming the index", () => {
    const bad = [replace("title", "x"), { op: "Replace", path: "title", value: "y" }] as never;
    expect(() => createPatchRequest(bad)).toThrow(/PATCH operation 1: op must be/);
    expect(() => checkPatchOperations([{ op: "remove" }])).toThrow(/operation 0: remove needs a path/);
    expect(() => checkPatchOperations([{ op: "add", path: "title" }])).toThrow(/add needs a value/);
    expect(() => checkPatchOperations([{ op: "replace", value: "x" }])).toThrow(/object of attributes/);
    expect(() => checkPatchOperations([])).toThrow(/at least one/);
    expect(() => checkPatchOperations([{ op: "replace", path: "id", value: "x" }])).toThrow(
      /operation 0: Invalid PATCH path "id" at position 0: id is read-only/,
    );
    expect(() => checkPatchOperations([{ op: "replace", value: { title: "x" } }])).not.toThrow();
  });

  it("checks paths against the resource when told", () => {
    expect(() => checkPatchOperations([removeMember("W1")], { resource: "User" })).toThrow(
      /unknown attribute/,
    );
    expect(() => checkPatchOperations([removeMember("W1")], { resource: "Group" })).not.toThrow();
  });
});
