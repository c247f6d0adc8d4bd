import { describe, expect, it } from "vitest";
import { newUser2, start, urn } from "./helpers/server.js";

/** Edge cases found reviewing the emulator against the wire reference (sections 2–6). */

const ops = (...Operations: unknown[]) => ({ schemas: [urn.patch], Operations });

describe("edge cases", () => {
  it("answers a malformed x-emulator-fault header in the version's error shape", async () => {
    const { call } = await start();
    const v2 = await call(2, "GET", "Users", undefined, { "x-emulator-fault": "bogus" });
    expect(v2.status).toBe(400);
    expect(v2.json).toMatchObject({ schemas: [urn.error2], status: 400 });
    expect(v2.json.detail).toMatch(/unknown item "bogus"/);
    const v1 = await call(1, "GET", "Users", undefined, { "x-emulator-fault": "bogus" });
    expect(v1.json.Errors.code).toBe(400);
  });

  it("never shows the same address twice: a secondary promoted to primary stops being the secondary", async () => {
    const { call } = await start();
    const created = await call(2, "POST", "Users", {
      ...newUser2("two"),
      emails: [{ value: "a@acme.example", primary: true }, { value: "b@acme.example" }],
    });
    const path = `Users/${created.json.id}`;
    const promoted = await call(
      2,
      "PATCH",
      path,
      ops({ op: "replace", path: "emails[primary eq true].value", value: "B@acme.example" }),
    );
    expect(promoted.status).toBe(200);
    expect(promoted.json.emails).toEqual([{ value: "B@acme.example", primary: true }]);
    const same = await call(
      2,
      "PATCH",
      path,
      ops({ op: "replace", path: "emails[primary eq false].value", value: "b@acme.example" }),
    );
    expect(same.json.emails).toEqual([{ value: "B@acme.example", primary: true }]);
  });

  it("renders a user sparse again once the only extended value, an address, is emptied field by field", async () => {
    const { call } = await start();
    const created = await call(2, "POST", "Users", {
      ...newUser2("addr"),
      addresses: [{ streetAddress: "1 Road" }],
    });
    expect(created.json.addresses).toHaveLength(1);
    const emptied = await call(
      2,
      "PATCH",
      `Users/${created.json.id}`,
      ops({ op: "remove", path: "addresses.streetAddress" }),
    );
    expect(emptied.status).toBe(200);
    expect(emptied.json.schemas).toEqual([urn.user2]);
    expect(emptied.json.addresses).toBeUndefined();
  });
});
