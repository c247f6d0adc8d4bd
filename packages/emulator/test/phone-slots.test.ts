import { describe, expect, it } from "vitest";
import { createUser, ops, start, urn } from "./helpers/server.js";

/**
 * docs/behaviour.md, Phone slots: Slack stores two phone slots, primaryPhone and mobilePhone. In a request `type: "mobile"` targets
 * the primary slot; in a response `type: "mobile"` marks the mobile slot.
 */

/** The response pair: `[{ value: mobilePhone, type: "mobile" }, { value: primaryPhone, primary: true }]`. */
const pair = (mobile: string | null, primary: string | null) => [
  { value: mobile, type: "mobile" },
  { value: primary, primary: true },
];

const rows: [string, unknown[], ReturnType<typeof pair>][] = [
  ["primary: true goes to primaryPhone", [{ value: "+1 1", primary: true }], pair(null, "+1 1")],
  [
    'type: "mobile" (no primary) goes to primaryPhone',
    [{ value: "+1 2", type: "mobile" }],
    pair(null, "+1 2"),
  ],
  ['type: "work" (no primary) goes to mobilePhone', [{ value: "+1 3", type: "work" }], pair("+1 3", null)],
  [
    "primary: false beside a primary: true entry goes to mobilePhone",
    [
      { value: "+1 4", primary: false },
      { value: "+1 5", primary: true },
    ],
    pair("+1 4", "+1 5"),
  ],
  ["a single entry with neither flag goes to primaryPhone", [{ value: "+1 6" }], pair(null, "+1 6")],
  [
    "primary: false as the only entry goes to primaryPhone",
    [{ value: "+1 7", primary: false }],
    pair(null, "+1 7"),
  ],
  [
    'type: "work" and type: "mobile" fill both slots, inverted',
    [
      { value: "+1 8", type: "work" },
      { value: "+1 9", type: "mobile" },
    ],
    pair("+1 8", "+1 9"),
  ],
];

describe("phone slots in requests and responses", () => {
  for (const version of [1, 2] as const) {
    it.each(rows)(`${version === 1 ? "1.1" : "2.0"} POST: %s`, async (_row, phoneNumbers, expected) => {
      const t = await start();
      const u = await createUser(t, version, "phone", { phoneNumbers });
      expect(u.phoneNumbers).toEqual(expected);
      expect((await t.call(version, "GET", `Users/${u.id}`)).json.phoneNumbers).toEqual(expected);
    });
  }

  it("accepts a number given as a JSON number, and a blank value as an empty slot", async () => {
    const t = await start();
    const u = await createUser(t, 1, "phone", {
      phoneNumbers: [
        { value: 5550100, primary: true },
        { value: " ", type: "work" },
      ],
    });
    expect(u.phoneNumbers).toEqual(pair(null, "5550100"));
  });

  it("refuses more than one primary: true phone with Slack's sentence", async () => {
    const t = await start();
    const res = await t.call(2, "POST", "Users", {
      schemas: [urn.user2],
      userName: "twice",
      emails: [{ value: "twice@acme.example" }],
      phoneNumbers: [
        { value: "+1 1", primary: true },
        { value: "+1 2", primary: true },
      ],
    });
    expect(res.json.detail).toBe("Multi-valued attributes can not have more than one primary element");
  });

  it("refuses a phone entry that is not an object, or a value that is not a string (phoneNumbers_invalid)", async () => {
    const t = await start();
    for (const phoneNumbers of [["+1 555 0100"], [{ value: { n: 1 } }]]) {
      const res = await t.call(1, "POST", "Users", {
        schemas: [urn.core1],
        userName: "bad.phone",
        emails: [{ value: "bad.phone@acme.example" }],
        phoneNumbers,
      });
      expect(res.json.Errors.description).toBe("phoneNumbers_invalid");
    }
  });
});

describe("phone slots through SCIM 2.0 PatchOp", () => {
  const start2 = async () => {
    const t = await start();
    const u = await createUser(t, 2, "phone", {
      phoneNumbers: [
        { value: "+1 1", primary: true },
        { value: "+1 2", type: "work" },
      ],
    });
    const patch = (...o: unknown[]) => t.call(2, "PATCH", `Users/${u.id}`, ops(...o));
    return { patch };
  };

  it("add with a single object fills the slot its flags target and keeps the other", async () => {
    const { patch } = await start2();
    const res = await patch({ op: "add", path: "phoneNumbers", value: { value: "+1 9", type: "mobile" } });
    expect(res.json.phoneNumbers).toEqual(pair("+1 2", "+1 9"));
  });

  it("add with an array applies the request slot rules to each entry", async () => {
    const { patch } = await start2();
    const res = await patch({
      op: "add",
      path: "phoneNumbers",
      value: [
        { value: "+1 7", type: "work" },
        { value: "+1 8", primary: true },
      ],
    });
    expect(res.json.phoneNumbers).toEqual(pair("+1 7", "+1 8"));
  });

  it('remove on phoneNumbers[value eq "…"] empties only that slot; plain phoneNumbers empties both', async () => {
    const { patch } = await start2();
    const one = await patch({ op: "remove", path: 'phoneNumbers[value eq "+1 1"]' });
    expect(one.json.phoneNumbers).toEqual(pair("+1 2", null));
    const all = await patch({ op: "remove", path: "phoneNumbers" });
    expect(all.json.phoneNumbers).toBeUndefined();
  });

  it('replace on phoneNumbers[value eq "…"].value changes that number in its own slot', async () => {
    const { patch } = await start2();
    const res = await patch({ op: "replace", path: 'phoneNumbers[value eq "+1 2"].value', value: "+1 22" });
    expect(res.json.phoneNumbers).toEqual(pair("+1 22", "+1 1"));
  });

  it("replace with a value filter that matches no number is noTarget (400); remove is a no-op", async () => {
    const { patch } = await start2();
    const res = await patch({ op: "replace", path: 'phoneNumbers[value eq "+1 999"].value', value: "+1 5" });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe(
      'invalid_request_payload (noTarget: no phoneNumbers value matches [value eq "+1 999"])',
    );
    // RFC 7644 section 3.5.2 asks noTarget of replace only; IdPs retry removes.
    const removed = await patch({ op: "remove", path: 'phoneNumbers[value eq "+1 999"]' });
    expect(removed.status).toBe(200);
    expect(removed.json.phoneNumbers).toEqual(pair("+1 2", "+1 1"));
    const add = await patch({ op: "add", path: 'phoneNumbers[value eq "+1 999"].value', value: "+1 5" });
    expect(add.status).toBe(200);
  });

  it("a type or primary filter addresses the slot the request semantics name", async () => {
    const { patch } = await start2();
    const work = await patch({ op: "replace", path: 'phoneNumbers[type eq "work"].value', value: "+1 30" });
    expect(work.json.phoneNumbers).toEqual(pair("+1 30", "+1 1"));
    const primary = await patch({
      op: "replace",
      path: "phoneNumbers[primary eq true]",
      value: { value: "+1 31" },
    });
    expect(primary.json.phoneNumbers).toEqual(pair("+1 30", "+1 31"));
    const mobile = await patch({ op: "remove", path: "phoneNumbers[primary eq false]" });
    expect(mobile.json.phoneNumbers).toEqual(pair(null, "+1 31"));
  });
});
