import { describe, expect, it } from "vitest";
import { createUser, start, urn } from "./helpers/server.js";

/** SCIM 1.1 PATCH of multi-valued attributes: emails, phones, photos, roles, addresses (docs/behaviour.md). */

const patch = (body: Record<string, unknown>) => ({ schemas: [urn.core1], ...body });
const twoEmails = { emails: [{ value: "p@acme.example", primary: true }, { value: "s@acme.example" }] };
const address = {
  streetAddress: "1 Main",
  locality: "Town",
  region: "CA",
  postalCode: "94000",
  country: "US",
};

describe("SCIM 1.1 PATCH: emails", () => {
  it("with operation: delete removes only the secondary email", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ emails: [{ value: "S@acme.example", operation: "delete" }] }),
    );
    expect(res.json.emails).toEqual([{ value: "p@acme.example", primary: true }]);
    expect(t.emulator.store.findUserByEmail("s@acme.example")).toBeUndefined();
  });

  it("listing emails in meta.attributes removes only the secondary", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ meta: { attributes: ["emails"] } }));
    expect(res.json.emails).toEqual([{ value: "p@acme.example", primary: true }]);
  });

  it("refuses to delete the primary without a replacement (missing_primary_email) and changes nothing", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ emails: [{ value: "p@acme.example", operation: "delete" }] }),
    );
    expect(res).toMatchObject({ status: 400, json: { Errors: { description: "missing_primary_email" } } });
    expect((await t.call(1, "GET", `Users/${u.id}`)).json.emails).toEqual(u.emails);
  });

  it("deletes the primary when the same request names its replacement", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({
        emails: [
          { value: "p@acme.example", operation: "delete" },
          { value: "n@acme.example", primary: true },
        ],
      }),
    );
    expect(res.json.emails).toEqual([
      { value: "n@acme.example", primary: true },
      { value: "s@acme.example", primary: false },
    ]);
  });

  it("picks the new primary by primary: true, then type work, then order; the next is the secondary", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({
        emails: [
          { value: "home@acme.example", type: "home" },
          { value: "work@acme.example", type: "work" },
        ],
      }),
    );
    expect(res.json.emails).toEqual([
      { value: "work@acme.example", primary: true },
      { value: "home@acme.example", primary: false },
    ]);
  });

  it("sending the secondary as the only email makes it the primary, and no longer the secondary", async () => {
    const t = await start();
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ emails: [{ value: "s@acme.example" }] }));
    expect(res.json.emails).toEqual([{ value: "s@acme.example", primary: true }]);
  });

  it("refuses an email that another user holds (email_taken, 409)", async () => {
    const t = await start();
    await createUser(t, 1, "owner");
    const u = await createUser(t, 1, "mail", twoEmails);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ emails: [{ value: "p@acme.example", primary: true }, { value: "OWNER@acme.example" }] }),
    );
    expect(res).toMatchObject({ status: 409, json: { Errors: { description: "email_taken", code: 409 } } });
  });
});

describe("SCIM 1.1 PATCH: phone numbers", () => {
  const phones = {
    phoneNumbers: [
      { value: "+1 555 0001", primary: true },
      { value: "+1 555 0002", type: "work" },
    ],
  };

  it("with operation: delete empties only the slot holding that number", async () => {
    const t = await start();
    const u = await createUser(t, 1, "phone", phones);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ phoneNumbers: [{ value: "+1 555 0002", operation: "delete" }] }),
    );
    expect(res.json.phoneNumbers).toEqual([
      { value: null, type: "mobile" },
      { value: "+1 555 0001", primary: true },
    ]);
  });

  it("listing phoneNumbers in meta.attributes deletes both numbers", async () => {
    const t = await start();
    const u = await createUser(t, 1, "phone", { ...phones, title: "kept", locale: "en-US" });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ meta: { attributes: ["phoneNumbers"] } }));
    expect(res.json.phoneNumbers).toEqual([
      { value: null, type: "mobile" },
      { value: null, primary: true },
    ]);
  });

  it("replaces only the slot a new number targets", async () => {
    const t = await start();
    const u = await createUser(t, 1, "phone", phones);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ phoneNumbers: [{ value: "+1 555 0009", type: "work" }] }),
    );
    expect(res.json.phoneNumbers).toEqual([
      { value: "+1 555 0009", type: "mobile" },
      { value: "+1 555 0001", primary: true },
    ]);
  });
});

describe("SCIM 1.1 PATCH: photos", () => {
  it("stores one photo: the primary: true entry, else the first; https or data: URLs", async () => {
    const t = await start();
    const u = await createUser(t, 1, "pic");
    const photos = [
      { value: "https://img.example/a.png" },
      { value: "data:image/png;base64,iVBORw0KGgo=", primary: true },
    ];
    await t.call(1, "PATCH", `Users/${u.id}`, patch({ photos }));
    const read = await t.call(1, "GET", `Users/${u.id}`);
    expect(read.json.photos).toEqual([{ value: "data:image/png;base64,iVBORw0KGgo=", type: "photo" }]);
    await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ photos: [{ value: "https://img.example/b.png" }, photos[0]] }),
    );
    expect((await t.call(1, "GET", `Users/${u.id}`)).json.photos[0].value).toBe("https://img.example/b.png");
  });

  it("answers a write with the previous photo while the new one is processed", async () => {
    const t = await start();
    const u = await createUser(t, 1, "pic", { photos: [{ value: "https://img.example/first.png" }] });
    expect(u.photos[0].value).toMatch(/^https:\/\/a\.slack-edge\.com\//);
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ photos: [{ value: "https://img.example/second.png" }] }),
    );
    expect(res.json.photos).toEqual([{ value: "https://img.example/first.png", type: "photo" }]);
    expect((await t.call(1, "GET", `Users/${u.id}`)).json.photos[0].value).toBe(
      "https://img.example/second.png",
    );
  });

  it("refuses a photo that is not an http(s) or data:image URL (photos_invalid)", async () => {
    const t = await start();
    const u = await createUser(t, 1, "pic");
    for (const photos of [
      [{ value: "ftp://img.example/a.png" }],
      ["https://img.example/a.png"],
      [{ value: 7 }],
    ]) {
      const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ photos }));
      expect(res.json.Errors.description, JSON.stringify(photos)).toBe("photos_invalid");
    }
  });
});

describe("SCIM 1.1 PATCH: addresses", () => {
  it("stores one address, the primary: true entry else the first, with only the five standard members", async () => {
    const t = await start();
    const u = await createUser(t, 1, "addr");
    const res = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({
        addresses: [
          { locality: "First" },
          { ...address, type: "work", primary: true, formatted: "1 Main, Town", extra: "x" },
        ],
      }),
    );
    expect(res.json.addresses).toEqual([address]);
  });

  it("deletes the address only when all five members match exactly", async () => {
    const t = await start();
    const u = await createUser(t, 1, "addr", { addresses: [address] });
    const near = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ addresses: [{ ...address, postalCode: "94001", operation: "delete" }] }),
    );
    expect(near.json.addresses).toEqual([address]);
    const exact = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ addresses: [{ ...address, operation: "delete" }] }),
    );
    expect(exact.json.addresses).toBeUndefined();
  });

  it("refuses a member that is not a string (addresses_invalid)", async () => {
    const t = await start();
    const u = await createUser(t, 1, "addr");
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ addresses: [{ locality: 12 }] }));
    expect(res.json.Errors.description).toBe("addresses_invalid");
  });
});

describe("SCIM 1.1 PATCH: roles", () => {
  it("stores one role from objects or plain strings", async () => {
    const t = await start();
    const u = await createUser(t, 1, "role");
    const strings = await t.call(1, "PATCH", `Users/${u.id}`, patch({ roles: ["Tech Lead", "Other"] }));
    expect(strings.json.roles).toEqual([{ value: "Tech Lead", primary: true }]);
    const objects = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ roles: [{ value: "A" }, { value: "Manager", primary: "true" }] }),
    );
    expect(objects.json.roles).toEqual([{ value: "Manager", primary: true }]);
  });

  it("with operation: delete removes the role only when the value matches", async () => {
    const t = await start();
    const u = await createUser(t, 1, "role", { roles: ["Lead"] });
    const other = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ roles: [{ value: "Other", operation: "delete" }] }),
    );
    expect(other.json.roles).toEqual([{ value: "Lead", primary: true }]);
    const same = await t.call(
      1,
      "PATCH",
      `Users/${u.id}`,
      patch({ roles: [{ value: "Lead", operation: "delete" }] }),
    );
    expect(same.json.roles).toBeUndefined();
  });

  it("meta.attributes roles removes the role", async () => {
    const t = await start();
    const u = await createUser(t, 1, "role", { roles: ["Lead"], locale: "en-US" });
    const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ meta: { attributes: ["roles"] } }));
    expect(res.json.roles).toEqual([{ value: null, primary: true }]);
  });

  it("refuses a role that is neither a string nor an object with a string value (roles_invalid)", async () => {
    const t = await start();
    const u = await createUser(t, 1, "role");
    for (const roles of [[42], [{ value: 42 }]]) {
      const res = await t.call(1, "PATCH", `Users/${u.id}`, patch({ roles }));
      expect(res.json.Errors.description).toBe("roles_invalid");
    }
  });
});
