import { describe, expect, it } from "vitest";
import { httpText, rawRequest } from "./helpers/raw-http.js";
import { newUser2, start, urn } from "./helpers/server.js";

/**
 * Path ids are taken literally: the path is split on `/` as sent, each segment is percent-decoded once and used
 * as it is. Sent raw, since `fetch` and `new URL()` would resolve `%2e%2e` and turn `\` into `/` first.
 */

async function setup() {
  const t = await start();
  const auth = { authorization: `Bearer ${t.emulator.adminToken}` };
  const user = (await t.call(2, "POST", "Users", newUser2("ada"))).json.id as string;
  const group = (await t.call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "g", members: [] }))
    .json.id as string;
  const get = (target: string, method = "GET") => rawRequest(t.server.url, httpText(method, target, auth));
  return { ...t, user, group, get };
}

describe("path segments", () => {
  it("%2e%2e is an id, not a step up: /Users/%2e%2e/Groups does not list groups", async () => {
    const { get } = await setup();
    for (const target of [
      "/scim/v2/Users/%2e%2e/Groups",
      "/scim/v1/Users/%2E%2E/Groups",
      "/scim/v2/Users/../Groups",
    ]) {
      const res = await get(target);
      expect(res.status, target).toBe(404);
      expect(res.body, target).toMatch(/bad_endpoint/);
      expect(res.body, target).not.toMatch(/Resources/);
    }
  });

  it("a backslash is part of the segment: Users\\{id} does not read the user", async () => {
    const { get, user } = await setup();
    for (const target of [`/scim/v2/Users\\${user}`, `/scim/v1/Users%5C${user}`]) {
      const res = await get(target);
      expect(res.status, target).toBe(404);
      expect(res.body, target).not.toContain('"userName"');
    }
    const inId = await get(`/scim/v2/Users/x\\${user}`);
    expect(inId.status).toBe(400);
    expect(JSON.parse(inId.body).detail).toBe("cannot_decode_user_id");
  });

  it(".. or %2e%2e as an id is an unknown user (400) or group (404), never another route", async () => {
    const { get, user } = await setup();
    for (const target of [
      "/scim/v2/Users/%2e%2e",
      "/scim/v2/Users/..",
      "/scim/v2/Users/.",
      "/scim/v1/Users/%2e",
    ]) {
      const res = await get(target);
      expect(res.status, target).toBe(400);
      expect(res.body, target).toMatch(/cannot_decode_user_id/);
    }
    for (const target of [
      "/scim/v2/Groups/%2e%2e",
      "/scim/v2/Groups/..",
      `/scim/v2/Groups/..%2FUsers%2F${user}`,
    ]) {
      const res = await get(target);
      expect(res.status, target).toBe(404);
      expect(JSON.parse(res.body).detail, target).toBe("no_such_group");
    }
    for (const target of [
      `/scim/v2/Users/${user}/..`,
      `/scim/v2/Users/${user}/%2e%2e`,
      "/scim/v2/x/../Users",
    ]) {
      expect((await get(target)).status, target).toBe(404);
    }
  });

  it("an id is decoded exactly once", async () => {
    const { get, user, group } = await setup();
    const encoded = `%${user.charCodeAt(0).toString(16)}${user.slice(1)}`;
    const once = await get(`/scim/v2/Users/${encoded}`);
    expect(once.status).toBe(200);
    expect(JSON.parse(once.body).id).toBe(user);
    const twice = await get(`/scim/v2/Users/${encoded.replace("%", "%25")}`);
    expect(twice.status).toBe(400);
    expect((await get(`/scim/v2/Groups/${group}`)).status).toBe(200);
    expect((await get(`/scim/v2/Groups/${group}%2F`)).status).toBe(404);
  });

  it("writes and deletes through such paths touch nothing", async () => {
    const { get, user, group, emulator } = await setup();
    expect((await get(`/scim/v2/Users/%2e%2e/Users/${user}`, "DELETE")).status).toBe(404);
    expect((await get(`/scim/v2/Groups\\${group}`, "DELETE")).status).toBe(404);
    expect(emulator.store.getUser(user)?.active).toBe(true);
    expect(emulator.store.getGroup(group)).toBeDefined();
  });
});

describe("request targets", () => {
  it("serves an absolute-form target by its path", async () => {
    const { server, emulator } = await start();
    const res = await rawRequest(
      server.url,
      httpText("GET", "http://emulator.test/scim/v2/Users?count=0", {
        authorization: `Bearer ${emulator.adminToken}`,
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ totalResults: 0, itemsPerPage: 0 });
  });

  it("answers a request Node's parser refuses as Node would: 400, or 431 for oversized headers", async () => {
    const { server } = await start();
    const malformed = await rawRequest(
      server.url,
      "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n",
    );
    expect(malformed.raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const huge = await rawRequest(
      server.url,
      httpText("GET", "/scim/v2/Users", { "x-big": "a".repeat(20_000) }),
    );
    expect(huge.raw).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  });
});
