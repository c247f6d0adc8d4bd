import fc from "fast-check";
import type { Group } from "../../src/index.js";
import { SCIM1Schemas, SCIM2Schemas } from "../../src/models/schemas.js";
import type { DesiredUser } from "../../src/patch/index.js";

/** The extension URNs of one protocol version. */
export interface Urns {
  readonly enterprise: string;
  readonly guest: string;
  readonly profile: string;
  readonly core: string;
}

export const urnsV1: Urns = {
  enterprise: SCIM1Schemas.Enterprise,
  guest: SCIM1Schemas.Guest,
  profile: SCIM1Schemas.Profile,
  core: SCIM1Schemas.Core,
};
export const urnsV2: Urns = {
  enterprise: SCIM2Schemas.Enterprise,
  guest: SCIM2Schemas.Guest,
  profile: SCIM2Schemas.Profile,
  core: SCIM2Schemas.User,
};

// Small pools make equal values common, so diffs mix unchanged, changed and cleared attributes.
const word = fc.oneof(
  fc.constantFrom("ada", "Analyst", "R&D", 'quo"te', "back\\slash", "ünï", "日本", ""),
  fc.string({ maxLength: 6 }),
);
const nullable = fc.option(word, { nil: null });
const email = fc.constantFrom("a@x.example", "b@x.example", 'q"@x.example', "c\\d@x.example", "é@x.example");
const phone = fc.constantFrom("+1 555 0100", "+1 555 0101", '+44 "20"', "+81 3");

/** Up to two emails, flagged as Slack answers, unflagged, or with the primary second. */
const emails = fc
  .tuple(fc.uniqueArray(email, { maxLength: 2 }), fc.constantFrom("flagged", "plain", "reversed"))
  .map(([values, style]) => {
    if (style === "plain") return values.map((value) => ({ value }));
    if (style === "reversed" && values.length === 2) {
      return [
        { value: values[1] as string, primary: false },
        { value: values[0] as string, primary: true },
      ];
    }
    return values.map((value, i) => ({ value, primary: i === 0 }));
  });

/** Phone entries with distinct numbers, at most one primary, plus Slack's empty `null` slot. */
const phoneNumbers = fc
  .tuple(
    fc.uniqueArray(fc.record({ value: phone, type: fc.constantFrom("mobile", "work", undefined) }), {
      selector: (e) => e.value,
      maxLength: 3,
    }),
    fc.nat({ max: 3 }),
    fc.boolean(),
  )
  .map(([entries, primaryAt, emptySlot]) => {
    const list: { value: string | null; type?: string; primary?: boolean }[] = entries.map((e, i) => ({
      value: e.value,
      ...(e.type !== undefined && { type: e.type }),
      ...(i === primaryAt && { primary: true }),
    }));
    if (emptySlot) list.unshift({ value: null, type: "mobile" });
    return list;
  });

const name = fc.record(
  { givenName: nullable, familyName: nullable, honorificPrefix: nullable, middleName: word },
  { requiredKeys: [] },
);

const enterprise = fc.record(
  {
    employeeNumber: nullable,
    costCenter: nullable,
    organization: nullable,
    division: nullable,
    department: nullable,
    manager: fc.oneof(
      fc.record({ managerId: fc.option(fc.constantFrom("W1", "W2", "ada@x.example"), { nil: null }) }),
      fc.constant(null),
    ),
    futureField: word,
  },
  { requiredKeys: [] },
);
const guest = fc.record(
  {
    type: fc.constant("multi"),
    expiration: fc.option(fc.constantFrom("2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"), { nil: null }),
    channels: fc.constant([{ value: "C1", display: "general" }]),
  },
  { requiredKeys: ["type"] },
);
const profile = fc.record({
  startDate: fc.option(fc.constantFrom("2024-04-10T00:00:00+0000"), { nil: null }),
});

/** A block that may be absent, `null` (clear it) or present. */
const block = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.option(arb, { nil: null }), { nil: undefined });

/** A realistic Slack user of one version: optional attributes, nulls, extensions and unknown extras. */
export function userArb(urns: Urns): fc.Arbitrary<DesiredUser> {
  return fc
    .record(
      {
        id: fc.constantFrom("W0123ABCDEF", "U1"),
        externalId: fc.constant(""),
        meta: fc.constant({ created: "2024-03-05T09:14:27-08:00" }),
        groups: fc.constant([{ value: "S1", display: "analytics" }]),
        // Slack cannot empty these (username_empty), so diffUser refuses "" for them: never generated.
        userName: word.filter((w) => w.trim() !== ""),
        nickName: word.filter((w) => w.trim() !== ""),
        displayName: word,
        title: nullable,
        timezone: fc.option(fc.constantFrom("Europe/London", "America/Los_Angeles"), { nil: null }),
        active: fc.boolean(),
        userType: nullable,
        preferredLanguage: nullable,
        locale: nullable,
        name: fc.option(name, { nil: null }),
        emails,
        phoneNumbers: fc.option(phoneNumbers, { nil: null }),
        addresses: fc.oneof(
          fc.constant([]),
          fc.constant([
            { streetAddress: null, locality: null, region: null, postalCode: null, country: null },
          ]),
          fc.record({ locality: word, country: word }).map((a) => [a]),
        ),
        photos: fc.constantFrom([], [{ value: "https://x.example/a.png", type: "photo" }]),
        roles: fc.oneof(
          fc.constant([]),
          word.map((w) => [w]),
          word.map((w) => [{ value: w, primary: true }]),
        ),
        extra: fc.dictionary(fc.constantFrom("customField", "x-slack-thing", "urn:example:ext:1.0"), word, {
          maxKeys: 2,
        }),
        enterprise: block(enterprise),
        guest: block(guest),
        profile: block(profile),
      },
      { requiredKeys: [] },
    )
    .map(({ extra, enterprise: e, guest: g, profile: p, ...rest }) => {
      const user = { schemas: [urns.core], ...extra, ...rest } as unknown as DesiredUser;
      if (e !== undefined) user[urns.enterprise] = e;
      if (g !== undefined) user[urns.guest] = g;
      if (p !== undefined) user[urns.profile] = p;
      return user;
    });
}

/** A group with distinct member ids from a small pool, so adds, removals and keeps all occur. */
export const groupArb: fc.Arbitrary<Group> = fc.record(
  {
    id: fc.constant("S1"),
    displayName: fc.constantFrom("analytics", "eng", 'say "hi"'),
    members: fc.uniqueArray(
      fc.constantFrom("W1", "W2", "W3", "W4", "W5", 'W"6', "W\\7").map((value) => ({ value, display: "x" })),
      { selector: (m) => m.value, maxLength: 7 },
    ),
    extra: fc.constant("kept"),
  },
  { requiredKeys: ["id"] },
);
