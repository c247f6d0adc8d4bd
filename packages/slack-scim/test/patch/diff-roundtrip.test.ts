import fc from "fast-check";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BaseSCIMClient } from "../../src/client/base-client.js";
import { SCIM2Client, SCIMClient, type User } from "../../src/index.js";
import { SCIM1Schemas, SCIM2Schemas } from "../../src/models/schemas.js";
import {
  type DesiredUser,
  type DiffUserOptions,
  diffUser,
  type PatchOperation,
} from "../../src/patch/index.js";
import { instantHandlers, silentLogger } from "../helpers/clients.js";

/**
 * diffUser's operations applied by each client against the emulator, read back: the attributes meant to change
 * change, nothing else does (the primary email and phone in particular), and the diff of the result with the
 * same desired state is empty, so a sync settles. The review's four findings are the scenarios below.
 */

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());

interface Version {
  readonly name: string;
  readonly core: string;
  readonly enterprise: string;
  client(): BaseSCIMClient & { patchUser(id: string, ops: readonly PatchOperation[]): Promise<unknown> };
}

const quiet = () => ({ logger: silentLogger(), retryHandlers: instantHandlers() });
const versions: Version[] = [
  {
    name: "SCIMClient (1.1)",
    core: SCIM1Schemas.Core,
    enterprise: SCIM1Schemas.Enterprise,
    client: () => new SCIMClient(emulator.adminToken, { baseUrl: emulator.v1BaseUrl, ...quiet() }),
  },
  {
    name: "SCIM2Client (2.0)",
    core: SCIM2Schemas.User,
    enterprise: SCIM2Schemas.Enterprise,
    client: () => new SCIM2Client(emulator.adminToken, { baseUrl: emulator.v2BaseUrl, ...quiet() }),
  },
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** Slack renders a cleared string as "" or null, and an absent block as nothing: all read as null. */
const val = (v: unknown) => (v === undefined || v === "" ? null : v);

/** The attributes diffUser compares, read the way Slack answers (response form). */
function view(user: User, version: Version): Obj {
  const emails = (user.emails ?? []) as Obj[];
  const phones = (user.phoneNumbers ?? []) as Obj[];
  const address = ((user.addresses ?? []) as Obj[])[0];
  const enterprise = isObj(user[version.enterprise]) ? (user[version.enterprise] as Obj) : {};
  const name = (user.name ?? {}) as Obj;
  return {
    userName: val(user.userName),
    nickName: val(user.nickName),
    active: val(user.active),
    timezone: val(user.timezone),
    displayName: val(user.displayName),
    title: val(user.title),
    userType: val(user.userType),
    givenName: val(name["givenName"]),
    familyName: val(name["familyName"]),
    honorificPrefix: val(name["honorificPrefix"]),
    emailPrimary: val(emails.find((e) => e["primary"] === true)?.["value"]),
    emailSecondary: val(emails.find((e) => e["primary"] !== true)?.["value"]),
    phonePrimary: val(phones.find((e) => e["primary"] === true)?.["value"]),
    phoneMobile: val(phones.find((e) => e["type"] === "mobile")?.["value"]),
    address:
      isObj(address) && Object.values(address).some((v) => val(v) !== null)
        ? Object.fromEntries(
            ["streetAddress", "locality", "region", "postalCode", "country"].map((k) => [k, val(address[k])]),
          )
        : null,
    role: val(((user.roles ?? []) as Obj[])[0]?.["value"]),
    photo: val(((user.photos ?? []) as Obj[])[0]?.["value"]),
    department: val(enterprise["department"]),
    costCenter: val(enterprise["costCenter"]),
  };
}

function changes(before: Obj, after: Obj): Obj {
  return Object.fromEntries(
    Object.keys(after)
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => [k, after[k]]),
  );
}

let counter = 0;
function newTag(): string {
  counter += 1;
  return `${counter}${Math.random().toString(36).slice(2, 7)}`;
}

/** A full user (phones, address, role, enterprise data), created in request form. */
function fullUser(tag: string, version: Version, emails = 2): User {
  return {
    schemas: [version.core, version.enterprise],
    userName: `rt${tag}`,
    name: { givenName: "Ada", familyName: "Lovelace", honorificPrefix: "Dr" },
    displayName: "Ada",
    title: "Analyst",
    timezone: "Europe/London",
    userType: "Employee",
    emails: [
      { value: `p${tag}@acme.example`, primary: true },
      { value: `s${tag}@home.example`, primary: false },
    ].slice(0, emails),
    // Request form: primary: true fills the primary phone, type "work" the mobile phone.
    phoneNumbers: [
      { value: "+1 555 0001", primary: true },
      { value: "+1 555 0002", type: "work" },
    ],
    addresses: [{ streetAddress: "12 Square Rd", locality: "London", country: "GB" }],
    roles: [{ value: "Engineer", primary: true }],
    [version.enterprise]: { department: "Engines", costCenter: "RD-01" },
  };
}

async function roundTrip(
  version: Version,
  create: User,
  desiredOf: (current: User) => DesiredUser,
  options: DiffUserOptions = {},
) {
  const client = version.client();
  const { user: created } = await client.createUser(create);
  const id = created.id as string;
  const { user: before } = await client.readUser(id);
  const desired = desiredOf(before);
  const operations = diffUser(before, desired, options);
  expect(operations.length).toBeGreaterThan(0);
  await client.patchUser(id, operations);
  const { user: after } = await client.readUser(id);
  return { before, after, desired, operations };
}

const emailsOf = (primary: string, secondary?: string) => [
  { value: primary, primary: true },
  ...(secondary === undefined ? [] : [{ value: secondary, primary: false }]),
];
// Response form, as readUser answers: the mobile slot marked type "mobile", then the primary.
const phonesOf = (primary: string | null, mobile: string | null) => [
  { value: mobile, type: "mobile" },
  { value: primary, primary: true },
];

interface Scenario {
  readonly what: string;
  readonly emails?: number;
  readonly options?: DiffUserOptions;
  desired(current: User, tag: string): DesiredUser;
  expected(tag: string): Obj;
}

const P = (t: string) => `p${t}@acme.example`;
const S = (t: string) => `s${t}@home.example`;
const scenarios: Scenario[] = [
  {
    what: "changes only the secondary email (finding 1)",
    desired: (u, t) => ({ ...u, emails: emailsOf(P(t), `s2${t}@home.example`) }),
    expected: (t) => ({ emailSecondary: `s2${t}@home.example` }),
  },
  {
    what: "changes only the primary email",
    desired: (u, t) => ({ ...u, emails: emailsOf(`p2${t}@acme.example`, S(t)) }),
    expected: (t) => ({ emailPrimary: `p2${t}@acme.example` }),
  },
  {
    what: "changes both emails",
    desired: (u, t) => ({ ...u, emails: emailsOf(`p2${t}@acme.example`, `s2${t}@home.example`) }),
    expected: (t) => ({ emailPrimary: `p2${t}@acme.example`, emailSecondary: `s2${t}@home.example` }),
  },
  {
    what: "swaps the primary and the secondary email",
    desired: (u, t) => ({ ...u, emails: emailsOf(S(t), P(t)) }),
    expected: (t) => ({ emailPrimary: S(t), emailSecondary: P(t) }),
  },
  {
    what: "adds a secondary email (finding 1)",
    emails: 1,
    desired: (u, t) => ({ ...u, emails: emailsOf(P(t), `s2${t}@home.example`) }),
    expected: (t) => ({ emailSecondary: `s2${t}@home.example` }),
  },
  {
    what: "removes the secondary email",
    desired: (u, t) => ({ ...u, emails: emailsOf(P(t)) }),
    expected: () => ({ emailSecondary: null }),
  },
  {
    what: "changes only the mobile phone (finding 2)",
    desired: (u) => ({ ...u, phoneNumbers: phonesOf("+1 555 0001", "+1 555 0003") }),
    expected: () => ({ phoneMobile: "+1 555 0003" }),
  },
  {
    what: "changes only the primary phone",
    desired: (u) => ({ ...u, phoneNumbers: phonesOf("+1 555 0009", "+1 555 0002") }),
    expected: () => ({ phonePrimary: "+1 555 0009" }),
  },
  {
    what: "clears the mobile phone",
    desired: (u) => ({ ...u, phoneNumbers: phonesOf("+1 555 0001", null) }),
    expected: () => ({ phoneMobile: null }),
  },
  {
    what: "moves the primary number to the mobile slot",
    desired: (u) => ({ ...u, phoneNumbers: phonesOf(null, "+1 555 0001") }),
    expected: () => ({ phonePrimary: null, phoneMobile: "+1 555 0001" }),
  },
  {
    what: "sets a typed address (finding 4)",
    desired: (u) => ({
      ...u,
      addresses: [{ type: "work", primary: true, streetAddress: "1 Rue", locality: "Paris", country: "FR" }],
    }),
    expected: () => ({
      address: { streetAddress: "1 Rue", locality: "Paris", region: null, postalCode: null, country: "FR" },
    }),
  },
  {
    what: "sets a role given as a string (finding 4)",
    desired: (u) => ({ ...u, roles: ["Tech Lead"] }),
    expected: () => ({ role: "Tech Lead" }),
  },
  {
    what: "sets a photo (finding 4)",
    desired: (u) => ({ ...u, photos: [{ value: "https://img.example/ada.jpg" }] }),
    expected: () => ({ photo: "https://img.example/ada.jpg" }),
  },
  {
    what: "clears what a sparse desired leaves out, but not identity, state or timezone (finding 3)",
    options: { removeMissing: true },
    desired: (u, t) => ({ userName: u.userName ?? "", emails: emailsOf(P(t)), name: { givenName: "Ada" } }),
    expected: () => ({
      displayName: null,
      title: null,
      userType: null,
      familyName: null,
      honorificPrefix: null,
      emailSecondary: null,
      phonePrimary: null,
      phoneMobile: null,
      address: null,
      role: null,
      department: null,
      costCenter: null,
    }),
  },
];

describe.each(versions)("diffUser round trip through $name", (version) => {
  it.each(scenarios)("$what", async (scenario) => {
    const tag = newTag();
    const { before, after, desired } = await roundTrip(
      version,
      fullUser(tag, version, scenario.emails),
      (u) => scenario.desired(u, tag),
      scenario.options,
    );
    // (a) exactly the intended attributes changed: the primary email and phone stay unless named.
    expect(changes(view(before, version), view(after, version))).toEqual(scenario.expected(tag));
    // (b) the sync settles: nothing is left to change.
    expect(diffUser(after, desired, scenario.options)).toEqual([]);
  });

  it("settles for random combinations of email, phone, address, role and title changes", async () => {
    const slot = <T>(...values: T[]) => fc.constantFrom(...values);
    const change = fc.record({
      primary: slot("p", "p2", "s"),
      secondary: slot(undefined, "s", "s2", "p"),
      phonePrimary: slot(null, "+1 555 0001", "+1 555 0003"),
      phoneMobile: slot(null, "+1 555 0002", "+1 555 0004", "+1 555 0001"),
      address: slot(undefined, null, { locality: "Paris", country: "FR", type: "work" }),
      roles: slot(undefined, [], ["Lead"], [{ value: "Engineer", primary: true }]),
      title: slot(undefined, null, "CTO"),
      removeMissing: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        fc.pre(c.primary !== c.secondary);
        const tag = newTag();
        const address = (k: string) => (k[0] === "p" ? `${k}${tag}@acme.example` : `${k}${tag}@home.example`);
        const desiredOf = (u: User): DesiredUser => {
          const d: DesiredUser = {
            userName: u.userName ?? "",
            name: { givenName: "Ada", familyName: "Lovelace" },
            emails: emailsOf(address(c.primary), c.secondary && address(c.secondary)),
            phoneNumbers: phonesOf(c.phonePrimary, c.phoneMobile),
          };
          if (c.address !== undefined) d.addresses = c.address === null ? null : [c.address];
          if (c.roles !== undefined) d.roles = c.roles;
          if (c.title !== undefined) d.title = c.title;
          return d;
        };
        const options = { removeMissing: c.removeMissing };
        const client = version.client();
        const { user: created } = await client.createUser(fullUser(tag, version));
        const { user: before } = await client.readUser(created.id as string);
        const desired = desiredOf(before);
        const operations = diffUser(before, desired, options);
        if (operations.length > 0) await client.patchUser(created.id as string, operations);
        const { user: after } = await client.readUser(created.id as string);
        const v = view(after, version);
        expect(v["emailPrimary"]).toBe(address(c.primary));
        expect(v["emailSecondary"]).toBe(c.secondary === undefined ? null : address(c.secondary));
        expect([v["phonePrimary"], v["phoneMobile"]]).toEqual([c.phonePrimary, c.phoneMobile]);
        for (const k of ["userName", "nickName", "active", "timezone", "givenName", "familyName"]) {
          expect(v[k]).toEqual(view(before, version)[k]);
        }
        expect(diffUser(after, desired, options)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
