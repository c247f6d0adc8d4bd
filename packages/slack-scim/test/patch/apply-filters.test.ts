import { describe, expect, it } from "vitest";
import type { User } from "../../src/index.js";
import { applyPatch } from "../../src/patch/index.js";

const user: User = {
  userName: "ada",
  emails: [
    { value: "a@x.example", primary: true, type: "work" },
    { value: "m@x.example", primary: false },
    { value: "z@x.example", type: "home" },
  ],
};

/** The email addresses left after removing what `path` selects. */
const left = (path: string) => applyPatch(user, [{ op: "remove", path }]).emails?.map((e) => e.value);

describe("applyPatch value filters", () => {
  it.each([
    ['emails[value lt "m@x.example"]', ["m@x.example", "z@x.example"]],
    ['emails[value le "m@x.example"]', ["z@x.example"]],
    ['emails[value ge "m@x.example"]', ["a@x.example"]],
    ["emails[type ne null]", ["m@x.example"]],
    ['emails[type ne "work"]', ["a@x.example"]],
  ])("%s selects by the operator's ordering", (path, expected) => {
    expect(left(path)).toEqual(expected);
  });

  it("compares numbers as numbers, and a number never with a string", () => {
    const scored = { scores: [{ value: 9 }, { value: 10 }, { value: "10" }] };
    const remove = (path: string) =>
      applyPatch(scored, [{ op: "remove", path }], { allowUnknownAttributes: true }).scores;
    expect(remove("scores[value ge 10]")).toEqual([{ value: 9 }, { value: "10" }]);
    expect(remove("scores[value lt 10]")).toEqual([{ value: 10 }, { value: "10" }]);
    expect(remove('scores[value gt "1"]')).toEqual([{ value: 9 }, { value: 10 }]);
  });

  it("reads a plain-string entry (a role) as its value, and as having no other sub-attribute", () => {
    const roles = { roles: ["Lead", "Member"] };
    expect(applyPatch(roles, [{ op: "remove", path: 'roles[value eq "Lead"]' }]).roles).toEqual(["Member"]);
    expect(applyPatch(roles, [{ op: "remove", path: "roles[primary eq true]" }]).roles).toEqual([
      "Lead",
      "Member",
    ]);
  });

  it("removes a listed plain-string value from a list", () => {
    const roles = { roles: ["Lead", "Member", "Owner"] };
    expect(applyPatch(roles, [{ op: "remove", path: "roles", value: ["Member"] }]).roles).toEqual([
      "Lead",
      "Owner",
    ]);
  });

  it("removes only the sub-attribute of the entries a filter selects", () => {
    const r = applyPatch(user, [{ op: "remove", path: 'emails[type eq "work"].type' }]);
    expect(r.emails).toEqual([
      { value: "a@x.example", primary: true },
      { value: "m@x.example", primary: false },
      { value: "z@x.example", type: "home" },
    ]);
  });

  it("leaves a resource without the attribute unchanged on a filtered remove", () => {
    expect(applyPatch({ userName: "b" }, [{ op: "remove", path: 'emails[value eq "a@x.example"]' }])).toEqual(
      {
        userName: "b",
      },
    );
  });
});

describe("applyPatch sub-attributes of every entry", () => {
  it("sets the sub-attribute on each entry of a multi-valued attribute", () => {
    const r = applyPatch(user, [{ op: "replace", path: "emails.type", value: "work" }]);
    expect(r.emails?.map((e) => e.type)).toEqual(["work", "work", "work"]);
  });

  it("reports noTarget when the list has no entry to set it on", () => {
    expect(() => applyPatch({ emails: [] }, [{ op: "replace", path: "emails.type", value: "work" }])).toThrow(
      /noTarget: emails has no entry/,
    );
  });

  it("removes the sub-attribute from each entry", () => {
    const r = applyPatch(user, [{ op: "remove", path: "emails.type" }]);
    expect(r.emails?.some((e) => "type" in e)).toBe(false);
  });
});
