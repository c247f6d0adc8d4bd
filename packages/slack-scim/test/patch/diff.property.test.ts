import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Group } from "../../src/index.js";
import { applyPatch, type DesiredUser, diffGroup, diffUser, toSCIM1Patch } from "../../src/patch/index.js";
import { groupArb, type Urns, urnsV1, urnsV2, userArb } from "./arbitraries.js";

type Obj = Record<string, unknown>;
const SIMPLE = [
  "userName",
  "nickName",
  "displayName",
  "title",
  "timezone",
  "active",
  "userType",
  "preferredLanguage",
  "locale",
];
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
// Slack renders a cleared string as "" or null: both read as "no value", as in diffUser.
const nn = (v: unknown) => (v === null || v === undefined || v === "" ? undefined : v);
const emptyToUndefined = (v: unknown) => (Array.isArray(v) && v.length === 0 ? undefined : nn(v));

function emailSlots(list: unknown): { primary?: unknown; secondary?: unknown } {
  const entries = Array.isArray(list)
    ? list.filter((e): e is Obj => isObj(e) && typeof e["value"] === "string")
    : [];
  const primary = entries.find((e) => e["primary"] === true) ?? entries[0];
  const secondary = entries.find((e) => e !== primary);
  return { primary: primary?.["value"], secondary: secondary?.["value"] };
}

function phones(list: unknown) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((e) => isObj(e) && typeof e["value"] === "string")
    .sort((a, b) => (a.value < b.value ? -1 : 1));
}

function picked(block: unknown, keys: readonly string[]): Obj | undefined {
  if (!isObj(block)) return undefined;
  const out: Obj = {};
  for (const k of keys) if (nn(block[k]) !== undefined) out[k] = block[k];
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The attributes diffUser compares, in the form Slack stores them. */
function view(user: DesiredUser, urns: Urns) {
  const e = user[urns.enterprise];
  const g = user[urns.guest];
  return {
    ...Object.fromEntries(SIMPLE.map((k) => [k, nn(user[k])])),
    name: picked(user.name, ["givenName", "familyName", "honorificPrefix"]),
    emails: emailSlots(user.emails),
    phones: phones(user.phoneNumbers),
    addresses: emptyToUndefined(user.addresses),
    photos: emptyToUndefined(user.photos),
    roles: emptyToUndefined(user.roles),
    enterprise: picked(e, ["employeeNumber", "costCenter", "organization", "division", "department"]),
    managerId: isObj(e) && isObj(e["manager"]) ? nn(e["manager"]["managerId"]) : undefined,
    guest: isObj(g) ? { type: nn(g["type"]), expiration: nn(g["expiration"]) } : undefined,
    startDate: isObj(user[urns.profile]) ? nn((user[urns.profile] as Obj)["startDate"]) : undefined,
  };
}

/** What `current` should look like after the diff: desired's stated values over current's. */
function expected(current: DesiredUser, desired: DesiredUser, urns: Urns) {
  const a = view(current, urns);
  const b = view(desired, urns);
  const out: Obj = { ...a };
  for (const k of SIMPLE) if (desired[k] !== undefined) out[k] = b[k as keyof typeof b];
  if (desired.name === null) out["name"] = undefined;
  else if (isObj(desired.name)) {
    const merged: Obj = { ...(a.name ?? {}) };
    for (const k of ["givenName", "familyName", "honorificPrefix"]) {
      if (desired.name[k] !== undefined) merged[k] = nn(desired.name[k]);
    }
    out["name"] = picked(merged, Object.keys(merged));
  }
  if (desired.emails !== undefined) {
    // Slack cannot drop the primary, so a desired list without one keeps it.
    out["emails"] = { primary: b.emails.primary ?? a.emails.primary, secondary: b.emails.secondary };
  }
  if (desired.phoneNumbers !== undefined) out["phones"] = b.phones;
  for (const k of ["addresses", "photos", "roles"] as const) if (desired[k] !== undefined) out[k] = b[k];
  const de = desired[urns.enterprise];
  if (de === null) {
    out["enterprise"] = undefined;
    out["managerId"] = undefined;
  } else if (isObj(de)) {
    const merged: Obj = { ...(a.enterprise ?? {}) };
    for (const k of ["employeeNumber", "costCenter", "organization", "division", "department"]) {
      if (de[k] !== undefined) merged[k] = nn(de[k]);
    }
    out["enterprise"] = picked(merged, Object.keys(merged));
    const m = de["manager"];
    if (m === null) out["managerId"] = undefined;
    else if (isObj(m) && m["managerId"] !== undefined) out["managerId"] = nn(m["managerId"]);
  }
  const dg = desired[urns.guest];
  if (dg === null) out["guest"] = undefined;
  else if (isObj(dg)) {
    if (a.guest === undefined) out["guest"] = b.guest;
    else {
      const guest = { ...a.guest };
      if (dg["type"] !== undefined) guest.type = nn(dg["type"]);
      if (dg["expiration"] !== undefined) guest.expiration = nn(dg["expiration"]);
      out["guest"] = guest;
    }
  }
  const dp = desired[urns.profile];
  if (dp === null) out["startDate"] = undefined;
  else if (isObj(dp) && dp["startDate"] !== undefined) out["startDate"] = nn(dp["startDate"]);
  return out;
}

const UNCOMPARED = [
  "id",
  "externalId",
  "meta",
  "groups",
  "customField",
  "x-slack-thing",
  "urn:example:ext:1.0",
];

describe.each([
  ["SCIM 2.0", urnsV2],
  ["SCIM 1.1", urnsV1],
])("diffUser properties (%s URNs)", (_, urns) => {
  const users = userArb(urns);

  it("diffUser(a, a) is empty", () => {
    fc.assert(
      fc.property(users, (a) => {
        expect(diffUser(a, structuredClone(a))).toEqual([]);
      }),
    );
  });

  it("applying diffUser(a, b) to a gives b on the compared attributes and touches nothing else", () => {
    fc.assert(
      fc.property(users, users, (a, b) => {
        const ops = diffUser(a, b);
        const result = applyPatch(a, ops, { resource: "User" });
        expect(view(result, urns)).toEqual(expected(a, b, urns));
        for (const k of UNCOMPARED) expect(result[k]).toEqual(a[k]);
        // The diff is a fixpoint: once applied, nothing is left to change.
        expect(diffUser(result, b)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("never replaces the whole emails list and always translates to SCIM 1.1", () => {
    fc.assert(
      fc.property(users, users, (a, b) => {
        const ops = diffUser(a, b);
        expect(ops.filter((o) => o.path === "emails" && o.op === "replace")).toEqual([]);
        if (ops.length > 0) expect(() => toSCIM1Patch(ops, "User")).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it("with removeMissing: true, clears what desired leaves out", () => {
    fc.assert(
      fc.property(users, (a) => {
        const result = applyPatch(a, diffUser(a, {}, { removeMissing: true }), { resource: "User" });
        const v = view(result, urns);
        expect((v as Obj)["title"]).toBeUndefined();
        expect(v.name).toBeUndefined();
        expect(v.enterprise).toBeUndefined();
        expect(v.phones).toEqual([]);
        expect(v.emails.secondary).toBeUndefined();
        expect(v.guest).toEqual(view(a, urns).guest);
      }),
    );
  });
});

const ids = (g: Group) => new Set((g.members ?? []).map((m) => m.value));

describe("diffGroup properties", () => {
  it("diffGroup(a, a) is empty", () => {
    fc.assert(
      fc.property(groupArb, (a) => {
        expect(diffGroup(a, structuredClone(a))).toEqual([]);
      }),
    );
  });

  it("applying diffGroup(a, b) gives b's name and members, adding and removing only the difference", () => {
    fc.assert(
      fc.property(groupArb, groupArb, fc.constantFrom("filter", "list" as const), (a, b, memberRemoval) => {
        const ops = diffGroup(a, b, { memberRemoval });
        const result = applyPatch(a, ops, { resource: "Group" });
        expect(result.displayName).toBe(b.displayName ?? a.displayName);
        expect(ids(result)).toEqual(b.members === undefined ? ids(a) : ids(b));
        expect(result["extra"]).toBe(a["extra"]);
        const before = ids(a);
        const after = b.members === undefined ? before : ids(b);
        const added = ops
          .filter((o) => o.op === "add")
          .flatMap((o) => (o.value as { value: string }[]).map((m) => m.value));
        expect(new Set(added)).toEqual(new Set([...after].filter((id) => !before.has(id))));
        expect(added.length).toBe(new Set(added).size);
        const removals = ops.filter((o) => o.op === "remove");
        const removedCount = removals.reduce((n, o) => n + (Array.isArray(o.value) ? o.value.length : 1), 0);
        expect(removedCount).toBe([...before].filter((id) => !after.has(id)).length);
        if (ops.length > 0) expect(() => toSCIM1Patch(ops, "Group")).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
