import { describe, expect, it } from "vitest";
import {
  add,
  type PatchOperation,
  remove,
  replacePrimaryEmail,
  toSCIM1Patch,
} from "../../src/patch/index.js";

const CORE = "urn:scim:schemas:core:1.0";
const E2 = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("toSCIM1Patch emails and lists", () => {
  it("changes the primary email and removes the secondary in one request", () => {
    // Slack's 1.1 `meta.attributes: ["emails"]` removes only the secondary, so the new primary survives it.
    expect(
      toSCIM1Patch([replacePrimaryEmail("a@x.example"), remove("emails[primary eq false]")], "User"),
    ).toEqual({
      schemas: [CORE],
      emails: [{ value: "a@x.example", primary: true }],
      meta: { attributes: ["emails"] },
    });
  });

  it("deletes listed plain values from a user's list", () => {
    expect(toSCIM1Patch([{ op: "remove", path: "phoneNumbers", value: ["+1 555 0100"] }], "User")).toEqual({
      schemas: [CORE],
      phoneNumbers: [{ value: "+1 555 0100", operation: "delete" }],
    });
  });
});

describe("toSCIM1Patch refuses before any request", () => {
  it.each<[string, PatchOperation[], "User" | "Group", RegExp]>([
    ["a null operation", [null as never], "User", /operation 0 \(undefined\).*unknown op/],
    [
      "an extension block replaced by a non-object",
      [{ op: "replace", path: E2, value: "x" }],
      "User",
      /needs an object/,
    ],
    [
      "a member without a string id",
      [{ op: "remove", path: "members", value: [{ value: 7 }] }],
      "Group",
      /a member needs a string value/,
    ],
    [
      "removing the secondary email after adding one",
      [add("emails", { value: "b@x.example", primary: false }), remove("emails[primary eq false]")],
      "User",
      /operation 1.*removes emails, to which operation 0 adds a value/,
    ],
  ])("%s", (_what, operations, resource, message) => {
    expect(() => toSCIM1Patch(operations, resource)).toThrow(message);
  });
});
