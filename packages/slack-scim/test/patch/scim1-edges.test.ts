import { describe, expect, it } from "vitest";
import {
  add,
  addEmail,
  type PatchOperation,
  remove,
  replace,
  replacePrimaryEmail,
  replaceSecondaryEmail,
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

  it("sends a secondary or added email with the primary it restates, which 1.1 needs", () => {
    expect(
      toSCIM1Patch([replacePrimaryEmail("a@x.example"), replaceSecondaryEmail("b@x.example")], "User").emails,
    ).toEqual([
      { value: "a@x.example", primary: true },
      { value: "b@x.example", primary: false },
    ]);
    expect(
      toSCIM1Patch([addEmail("b@x.example"), replacePrimaryEmail("a@x.example")], "User").emails,
    ).toEqual([{ value: "b@x.example" }, { value: "a@x.example", primary: true }]);
    // Deleting by value alone sets nothing, so needs no primary.
    expect(toSCIM1Patch([remove('emails[value eq "b@x.example"]')], "User").emails).toEqual([
      { value: "b@x.example", operation: "delete" },
    ]);
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
    // Finding 1 of the review: on 1.1 a lone secondary (or added) email became the primary.
    [
      "setting the secondary email without naming the primary",
      [replace("emails[primary eq false]", { value: "b@x.example", primary: false })],
      "User",
      /operation 0 \(replace emails\[primary eq false\]\).*would replace the user's primary.*replacePrimaryEmail/,
    ],
    [
      "adding an email without naming the primary",
      [remove('phoneNumbers[value eq "+1"]'), addEmail("b@x.example")],
      "User",
      /operation 1 \(add emails\).*1\.1 takes the primary email from the emails sent/,
    ],
    [
      "an email typed work without naming the primary",
      [{ op: "add", path: "emails", value: [{ value: "b@x.example", type: "work" }] }],
      "User",
      /would replace the user's primary/,
    ],
    [
      "a path-less email change without naming the primary",
      [{ op: "add", value: { emails: [{ value: "b@x.example" }] } }],
      "User",
      /would replace the user's primary/,
    ],
  ])("%s", (_what, operations, resource, message) => {
    expect(() => toSCIM1Patch(operations, resource)).toThrow(message);
  });
});

describe("toSCIM1Patch and phone slots", () => {
  it("refuses to replace a phone number by value with an entry that names no slot", () => {
    expect(() =>
      toSCIM1Patch(
        [{ op: "replace", path: 'phoneNumbers[value eq "+1 555 0001"]', value: { value: "+1 555 0009" } }],
        "User",
      ),
    ).toThrow(/name the phone slot/);
  });

  it("translates it when the entry names the slot", () => {
    expect(
      toSCIM1Patch(
        [
          {
            op: "replace",
            path: 'phoneNumbers[value eq "+1 555 0001"]',
            value: { value: "+1 555 0009", type: "work" },
          },
        ],
        "User",
      ),
    ).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      phoneNumbers: [
        { value: "+1 555 0001", operation: "delete" },
        { value: "+1 555 0009", type: "work" },
      ],
    });
  });
});

describe("toSCIM1Patch and the whole emails list", () => {
  it("refuses replace on emails, which Slack merges instead of replacing", () => {
    expect(() =>
      toSCIM1Patch(
        [{ op: "replace", path: "emails", value: [{ value: "n@x.example", primary: true }] }],
        "User",
      ),
    ).toThrow(/replacePrimaryEmail/);
  });
});
