import { describe, expect, it } from "vitest";
import { newUser2, start, urn } from "./helpers/server.js";

/** Edge cases found reviewing the emulator against Slack's documented and recorded behaviour (docs/behaviour.md). */

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

describe("active must be a boolean", () => {
  it("accepts true/false and their strings in any case; refuses anything else, a missing value included", async () => {
    const { call, emulator } = await start();
    const id = (await call(2, "POST", "Users", newUser2("flag"))).json.id as string;
    const replace = (value?: unknown) =>
      call(
        2,
        "PATCH",
        `Users/${id}`,
        ops({ op: "replace", path: "active", ...(value === undefined ? {} : { value }) }),
      );
    expect((await replace("False")).json.active).toBe(false);
    expect((await replace("TRUE")).json.active).toBe(true);
    expect((await replace(false)).json.active).toBe(false);
    expect((await replace(true)).json.active).toBe(true);
    for (const value of [undefined, 1, 0, "yes", null, "", {}]) {
      const res = await replace(value);
      expect(res.status, JSON.stringify(value)).toBe(400);
      expect(res.json.detail).toBe("invalid_attribute_format (active must be true or false)");
    }
    const v1 = await call(1, "PATCH", `Users/${id}`, { schemas: [urn.core1], active: 0 });
    expect(v1.json.Errors.description).toBe("invalid_attribute_format (active must be true or false)");
    const pathless = await call(2, "PATCH", `Users/${id}`, ops({ op: "replace", value: { active: "no" } }));
    expect(pathless.status).toBe(400);
    expect(emulator.store.getUser(id)?.active).toBe(true);
    expect((await call(2, "POST", "Users", { ...newUser2("yes"), active: "yes" })).status).toBe(400);
    expect(emulator.store.findUserByUserName("yes")).toBeUndefined();
    const off = await call(2, "POST", "Users", { ...newUser2("off"), active: "false" });
    expect(off.json.active).toBe(false);
    const put = await call(2, "PUT", `Users/${id}`, { ...newUser2("flag"), active: 1 });
    expect(put.status).toBe(400);
  });
});

describe("malformed requests answer 400, not 500", () => {
  it("a bad escape in a bracket literal", async () => {
    const { call } = await start();
    const id = (await call(2, "POST", "Users", newUser2("esc"))).json.id as string;
    for (const path of ['emails[value eq "\\x"]', 'phoneNumbers[value eq "\\u12"].value']) {
      const res = await call(2, "PATCH", `Users/${id}`, ops({ op: "replace", path, value: "a@b.example" }));
      expect(res.status, path).toBe(400);
      expect(res.json.detail).toMatch(/^invalid_request_payload \(bad escape in the filter literal/);
    }
    const v1 = await call(1, "PATCH", `Users/${id}`, {
      schemas: [urn.core1],
      meta: { attributes: ['emails[value eq "\\q"]'] },
    });
    expect(v1.status).toBe(400);
  });

  it("a body nested deeper than 64 levels (schemas 20,000 deep)", async () => {
    const { call } = await start();
    const deep = `${"[".repeat(20_000)}"${urn.user2}"${"]".repeat(20_000)}`;
    const body = `{"schemas":${deep},"userName":"deep","emails":[{"value":"deep@acme.example"}]}`;
    for (const version of [1, 2] as const) {
      const res = await call(version, "POST", "Users", body);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/invalid_request_payload \(nested more than 64 levels deep\)/);
    }
    // Python SDK style nesting is fine.
    const sdk = { ...newUser2("nested"), schemas: [[urn.user2]] };
    expect((await call(2, "POST", "Users", sdk)).status).toBe(201);
  });

  it("a body over 10 MiB gets 413; the connection stays usable", async () => {
    const { call } = await start();
    const huge = JSON.stringify({ ...newUser2("huge"), title: "x".repeat(10 * 1024 * 1024) });
    const res = await call(2, "POST", "Users", huge);
    expect(res.status).toBe(413);
    expect(res.json.detail).toMatch(
      /^invalid_request_payload \(the body is \d+ bytes; the emulator reads at most 10485760\)/,
    );
    const control = await call(1, "POST", "/_emulator/faults", `[${" ".repeat(10 * 1024 * 1024)}]`);
    expect(control.status).toBe(413);
    expect((await call(2, "POST", "Users", newUser2("small"))).status).toBe(201);
  });
});
