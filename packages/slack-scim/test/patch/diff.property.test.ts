import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Group } from "../../src/index.js";
import {
  applyPatch,
  type DesiredUser,
  diffGroup,
  diffUser,
  type PatchOperation,
  toSCIM1Patch,
} from "../../src/patch/index.js";
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

function emailSlots(list: unknown): { primary?: unknown; secondary?: unknown } {
  const entries = Array.isArray(list)
    ? list.filter((e): e is Obj => isObj(e) && typeof e["value"] === "string")
    : [];
  const primary = entries.find((e) => e["primary"] === true) ?? entries[0];
  const secondary = entries.find((e) => e !== primary);
  return { primary: primary?.["value"], secondary: secondary?.["value"] };
}

const truthy = (v: unknown) => v === true || v === "true";
const blank = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Slack's two phone slots, read in response form (primary: true, then type "mobile", then free slots). */
function phones(list: unknown): { primary?: string; mobile?: string } {
  const entries = Array.isArray(list) ? list.filter(isObj) : [];
  const p = entries.find((e) => truthy(e["primary"]));
  const m = entries.find((e) => e !== p && !truthy(e["primary"]) && e["type"] === "mobile");
  const slots: { primary?: string | undefined; mobile?: string | undefined } = {};
  let freeP = p === undefined;
  let freeM = m === undefined;
  if (p) slots.primary = blank(p["value"]);
  if (m) slots.mobile = blank(m["value"]);
  for (const e of entries) {
    const v = blank(e["value"]);
    if (e === p || e === m || v === undefined) continue;
    if (freeP) [slots.primary, freeP] = [v, false];
    else if (freeM) [slots.mobile, freeM] = [v, false];
  }
  return JSON.parse(JSON.stringify(slots));
}

/**
 * What Slack does with phone operations (reference 4.4, request form): `remove phoneNumbers` clears both slots,
 * a value filter the slot holding it (primary first); an `add` sets the slots its entries name (`primary: true`
 * the primary, `type: "work"` the mobile). `applyPatch` is RFC 7644 and does not model the slots.
 */
function slackPhones(start: { primary?: string; mobile?: string }, ops: readonly PatchOperation[]) {
  const slots = { ...start };
  for (const o of ops) {
    if (o.op === "remove" && o.path === "phoneNumbers") {
      delete slots.primary;
      delete slots.mobile;
    } else if (o.op === "remove") {
      const v = JSON.parse((o.path as string).slice("phoneNumbers[value eq ".length, -1));
      if (slots.primary === v) delete slots.primary;
      else if (slots.mobile === v) delete slots.mobile;
    } else {
      expect(o).toMatchObject({ op: "add", path: "phoneNumbers" });
      for (const e of o.value as Obj[]) {
        if (e["primary"] === true) slots.primary = e["value"] as string;
        else {
          expect(e["type"]).toBe("work");
          slots.mobile = e["value"] as string;
        }
      }
    }
  }
  return slots;
}

const DEFAULT_TZ = "America/Los_Angeles";
const role = (list: unknown) => {
  const entries = (Array.isArray(list) ? list : []).map((e) => (typeof e === "string" ? { value: e } : e));
  const e = entries.find((x) => isObj(x) && truthy(x["primary"])) ?? entries[0];
  return isObj(e) ? blank(e["value"]) && e["value"] : undefined;
};
const address = (list: unknown) => {
  const e = Array.isArray(list) ? (list.find((x) => isObj(x) && truthy(x["primary"])) ?? list[0]) : undefined;
  if (!isObj(e)) return undefined;
  const keys = ["streetAddress", "locality", "region", "postalCode", "country"];
  const a = Object.fromEntries(keys.map((k) => [k, blank(e[k]) === undefined ? null : e[k]]));
  return Object.values(a).some((v) => v !== null) ? a : undefined;
};
const photo = (list: unknown) => (Array.isArray(list) && isObj(list[0]) ? nn(list[0]["value"]) : undefined);

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
    // Slack resets a cleared timezone to its default: the default reads as "no value".
    timezone: user.timezone === DEFAULT_TZ ? undefined : nn(user.timezone),
    name: picked(user.name, ["givenName", "familyName", "honorificPrefix"]),
    emails: emailSlots(user.emails),
    phones: phones(user.phoneNumbers),
    addresses: address(user.addresses),
    photos: photo(user.photos),
    roles: role(user.roles),
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
  for (const k of [...SIMPLE, "timezone"]) if (desired[k] !== undefined) out[k] = b[k as keyof typeof b];
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
        if (clearsFullName(a, b)) {
          expect(() => diffUser(a, b)).toThrow(/invalid_name_required/);
          return;
        }
        const ops = diffUser(a, b);
        const phoneOps = ops.filter((o) => o.path?.startsWith("phoneNumbers"));
        const result = applyPatch(
          a,
          ops.filter((o) => !phoneOps.includes(o)),
          { resource: "User" },
        );
        const slots = slackPhones(phones(a.phoneNumbers), phoneOps);
        // Rendered as Slack answers: the mobile slot marked type "mobile", then the primary.
        result.phoneNumbers = [
          { value: slots.mobile ?? null, type: "mobile" },
          { value: slots.primary ?? null, primary: true },
        ];
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
        if (clearsFullName(a, b)) {
          expect(() => diffUser(a, b)).toThrow(/invalid_name_required/);
          return;
        }
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
        const ops = diffUser(a, {}, { removeMissing: true });
        const result = applyPatch(
          a,
          ops.filter((o) => !o.path?.startsWith("phoneNumbers")),
          { resource: "User" },
        );
        const v = view(result, urns);
        const before = view(a, urns);
        expect((v as Obj)["title"]).toBeUndefined();
        // Identity, state and the timezone are left alone; so is the full name Slack requires.
        for (const k of ["userName", "nickName", "active", "timezone"])
          expect((v as Obj)[k]).toEqual((before as Obj)[k]);
        expect(v.name).toEqual(picked(a.name, ["givenName", "familyName"]));
        expect(v.enterprise).toBeUndefined();
        expect(
          slackPhones(
            phones(a.phoneNumbers),
            ops.filter((o) => o.path?.startsWith("phoneNumbers")),
          ),
        ).toEqual({});
        expect(v.emails.secondary).toBeUndefined();
        expect(v.guest).toEqual(view(a, urns).guest);
      }),
    );
  });
});

const ids = (g: Group) => new Set((g.members ?? []).map((m) => m.value));

/** Whether `b` clears the full name `a` has: Slack refuses that, so diffUser throws instead of diffing. */
function clearsFullName(a: DesiredUser, b: DesiredUser): boolean {
  const blank = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");
  const part = (u: DesiredUser, k: "givenName" | "familyName") => (u.name === null ? null : u.name?.[k]);
  const after = (k: "givenName" | "familyName") =>
    b.name === null ? null : part(b, k) === undefined ? part(a, k) : part(b, k);
  const had = !blank(part(a, "givenName")) || !blank(part(a, "familyName"));
  return had && blank(after("givenName")) && blank(after("familyName"));
}

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
