import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { newUser1, newUser2, start, urn } from "./helpers/server.js";

/**
 * Slack documents `application/json` for request bodies and not what another type gets, so by default any body
 * is read as JSON; `strictContentType: true` answers 415 instead.
 */

describe("request content types", () => {
  it("by default reads a body sent with any content type as JSON", async () => {
    const { call } = await start();
    for (const [i, type] of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/xml",
    ].entries()) {
      const res = await call(2, "POST", "Users", newUser2(`loose${i}`), { "content-type": type });
      expect(res.status, type).toBe(201);
    }
  });

  it("strictContentType: true refuses another type with 415 and a SCIM error body, in each version's shape", async () => {
    const { call, emulator } = await start({ strictContentType: true });
    const v2 = await call(2, "POST", "Users", newUser2("strict"), { "content-type": "text/plain" });
    expect(v2.status).toBe(415);
    expect(v2.json).toEqual({
      schemas: [urn.error2],
      detail:
        'unsupported_media_type (content-type "text/plain"; send application/json or application/scim+json)',
      status: 415,
    });
    const v1 = await call(1, "POST", "Users", newUser1("strict"), {
      "content-type": "text/xml; charset=utf-8",
    });
    expect(v1.status).toBe(415);
    expect(v1.json.Errors).toMatchObject({
      code: 415,
      description: expect.stringMatching(/^unsupported_media_type/),
    });
    const id = (await call(2, "POST", "Users", newUser2("kept"))).json.id as string;
    const patch = await call(
      2,
      "PATCH",
      `Users/${id}`,
      { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "x" }] },
      { "content-type": "multipart/form-data; boundary=x" },
    );
    expect(patch.status).toBe(415);
    expect(emulator.store.findUserByUserName("strict")).toBeUndefined();
    expect(emulator.store.getUser(id)?.title ?? "").toBe("");
  });

  it("strictContentType accepts application/json and application/scim+json, with parameters, in any case", async () => {
    const { call } = await start({ strictContentType: true });
    for (const [i, type] of [
      "application/json",
      "application/scim+json",
      "Application/JSON; charset=utf-8",
      "application/scim+json;charset=UTF-8",
    ].entries()) {
      expect(
        (await call(2, "POST", "Users", newUser2(`ok${i}`), { "content-type": type })).status,
        type,
      ).toBe(201);
    }
  });

  it("strictContentType refuses a body without a content type; requests without a body are not affected", async () => {
    const emulator = createEmulator({ strictContentType: true });
    const headers = { authorization: `Bearer ${emulator.adminToken}` };
    const request = new Request("http://scim.test/scim/v2/Users", {
      method: "POST",
      headers,
      body: new Blob([JSON.stringify(newUser2("untyped"))]),
    });
    expect(request.headers.get("content-type")).toBeNull();
    const res = await emulator.fetch(request);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/content-type missing/);
    const list = await emulator.fetch(new Request("http://scim.test/scim/v2/Users", { headers }));
    expect(list.status).toBe(200);
    const del = await emulator.fetch(
      new Request("http://scim.test/scim/v2/Groups/S1", { method: "DELETE", headers }),
    );
    expect(del.status).toBe(404);
  });

  it("strictContentType must be a boolean", () => {
    expect(() => createEmulator({ strictContentType: "yes" as unknown as boolean })).toThrow(
      new TypeError("strictContentType must be a boolean"),
    );
  });
});
