import { describe, expect, it } from "vitest";
import { startEmulator } from "../src/index.js";
import {
  expectSDKErrors,
  expectSDKParsesGroup,
  expectSDKParsesUser,
  pyQuote,
  sdkBodyAfterRead,
  sdkQuery,
  sdkRequest,
} from "./helpers/python-sdk.js";
import { fixedNow, sequentialIds } from "./helpers/server.js";

/*
 * The Python Slack SDK's SCIMClient (SCIM 1.1 only), replayed request for request in the order of its own live
 * integration tests (integration_tests/scim/test_scim_client_read.py and _write.py), with the answers checked
 * against what its response classes can parse. See helpers/python-sdk.ts for the model of its wire behaviour.
 */

type Dict = Record<string, unknown>;
const orders = [
  ["filter", "count", "startIndex"],
  ["startIndex", "count", "filter"],
  ["count", "filter", "startIndex"],
];
const now = "1700000000"; // str(time.time())[:10] in the SDK's tests

async function started() {
  const server = await startEmulator({ port: 0, seed: { users: 30, groups: 3, random: 2 }, now: fixedNow });
  const call = (method: string, path: string, body?: Dict, token = server.adminToken) =>
    sdkRequest(server.v1BaseUrl, token, method, path, body);
  return { server, call };
}

describe("Python Slack SDK SCIMClient on the wire (SCIM 1.1)", () => {
  it("api_call and search_users/read_user (test_lookup_users), in every query order the SDK's set may produce", async () => {
    const { server, call } = await started();
    try {
      for (const order of orders) {
        const q = sdkQuery({ filter: undefined, count: 1, startIndex: 1 }, order);
        const search = await call("GET", `Users?${q}`);
        expect(search.status).toBe(200);
        expect(search.snake["start_index"]).toBe(1);
        expect(search.snake["total_results"]).toBe(30);
        const resources = search.snake["resources"] as Dict[];
        expect(resources).toHaveLength(1);
        for (const user of resources) expectSDKParsesUser(user);
        const id = resources[0]?.["id"] as string;
        const read = await call("GET", `Users/${pyQuote(id)}`);
        expect(read.status).toBe(200);
        expect(read.snake["id"]).toBe(id);
        expectSDKParsesUser(read.snake);
      }
      const all = await call(
        "GET",
        `Users?${sdkQuery({ count: 100, startIndex: 1 }, ["count", "startIndex"])}`,
      );
      for (const user of all.snake["resources"] as Dict[]) expectSDKParsesUser(user);
    } finally {
      await server.close();
    }
  });

  it("search_groups/read_group (test_lookup_groups): Group, GroupMember and GroupMeta take only their keys", async () => {
    const { server, call } = await started();
    try {
      const search = await call(
        "GET",
        `Groups?${sdkQuery({ count: 1, startIndex: 1 }, ["startIndex", "count"])}`,
      );
      expect(search.status).toBe(200);
      expect(search.snake["start_index"]).toBe(1);
      const group = (search.snake["resources"] as Dict[])[0] as Dict;
      expectSDKParsesGroup(group);
      const read = await call("GET", `Groups/${pyQuote(group["id"] as string)}`);
      expect(read.status).toBe(200);
      expect(read.snake["id"]).toBe(group["id"]);
      expectSDKParsesGroup(read.snake);
    } finally {
      await server.close();
    }
  });

  it("filter errors (test_lookup_users_error, test_lookup_groups_error): Errors with exactly code and description", async () => {
    const { server, call } = await started();
    try {
      for (const order of orders) {
        const users = await call(
          "GET",
          `Users?${sdkQuery({ filter: "foo", count: 1, startIndex: 1 }, order)}`,
        );
        expect(users.status).toBe(400);
        expectSDKErrors(users.snake, 400, "no_filters (is_aggregate_call=1)");
        const groups = await call(
          "GET",
          `Groups?${sdkQuery({ filter: "foo", count: -1, startIndex: 1 }, order)}`,
        );
        expect(groups.status).toBe(400);
        expectSDKErrors(groups.snake, 400, "no_filters (is_aggregate_call=1)");
      }
    } finally {
      await server.close();
    }
  });

  it("filters quoted with urllib's quote(): spaces %20, quotes %22, '+' in an email %2B", async () => {
    const { server, call } = await started();
    try {
      const created = await call("POST", "Users", {
        emails: [{ value: `seratch+${now}@example.com` }],
        name: { familyName: "Sera", givenName: "Kaz" },
        schemas: ["urn:scim:schemas:core:1.0"],
        userName: `user_${now}`,
      });
      expect(created.status).toBe(201);
      for (const filter of [`userName eq "user_${now}"`, `email eq "seratch+${now}@example.com"`]) {
        for (const order of orders) {
          const q = sdkQuery({ filter, count: 10, startIndex: 1 }, order);
          expect(q).toContain("%20eq%20%22");
          const res = await call("GET", `Users?${q}`);
          expect(res.status).toBe(200);
          expect((res.snake["resources"] as Dict[]).map((u) => u["id"])).toEqual([created.snake["id"]]);
        }
      }
    } finally {
      await server.close();
    }
  });

  it("test_user_crud: create 201, patch 200, stale read-modify-PUT 200, delete 200 with an empty body", async () => {
    const { server, call } = await started();
    try {
      const creation = await call("POST", "Users", {
        emails: [{ value: `seratch+${now}@example.com` }],
        name: { familyName: "Sera", givenName: "Kaz" },
        schemas: ["urn:scim:schemas:core:1.0"],
        userName: `user_${now}`,
      });
      expect(creation.status).toBe(201);
      expectSDKParsesUser(creation.snake);
      const id = creation.snake["id"] as string;

      // User(user_name=…, name=UserName(…)).to_dict(): no schemas, so the transport adds the core URN.
      const patch = await call("PATCH", `Users/${pyQuote(id)}`, {
        name: { familyName: "Sera", givenName: "Kazuhiro" },
        userName: `user_${now}_2`,
      });
      expect(patch.status).toBe(200);
      expectSDKParsesUser(patch.snake);
      expect(patch.snake["user_name"]).toBe(`user_${now}_2`);

      // update_user(creation.user) with a new name: the *creation* answer echoed back, schemas nested, id, meta,
      // groups and a stale userName included.
      const stale = sdkBodyAfterRead({ ...creation.snake, name: { family_name: "Bar", given_name: "Foo" } });
      expect(stale["schemas"]).toEqual([["urn:scim:schemas:core:1.0"]]);
      expect(Object.keys(stale)).toEqual(expect.arrayContaining(["id", "meta", "groups", "profileUrl"]));
      const update = await call("PUT", `Users/${pyQuote(id)}`, stale);
      expect(update.status).toBe(200);
      expectSDKParsesUser(update.snake);
      expect(update.snake["user_name"]).toBe(`user_${now}`);
      expect(update.snake["name"]).toEqual({ given_name: "Foo", family_name: "Bar" });

      const deletion = await call("DELETE", `Users/${pyQuote(id)}`);
      expect(deletion.status).toBe(200);
      expect(deletion.rawBody).toBe("");
      expect(deletion.body).toBeNull();
      expect((await call("GET", `Users/${pyQuote(id)}`)).snake["active"]).toBe(false);
      const again = await call("DELETE", `Users/${pyQuote(id)}`);
      expect([again.status, again.rawBody]).toEqual([200, ""]);
    } finally {
      await server.close();
    }
  });

  it("test_group_crud: create 201, patch displayName 204 without body, read-modify-PUT 200, delete 204", async () => {
    const { server, call } = await started();
    try {
      const user = await call("POST", "Users", {
        emails: [{ value: `seratch+${now}@example.com` }],
        name: { familyName: "Sera", givenName: "Kaz" },
        schemas: ["urn:scim:schemas:core:1.0"],
        userName: `user_${now}`,
      });
      const creation = await call("POST", "Groups", {
        displayName: `TestGroup_${now}`,
        members: [{ value: user.snake["id"] }],
      });
      expect(creation.status).toBe(201);
      expectSDKParsesGroup(creation.snake);
      const id = creation.snake["id"] as string;

      const patch = await call("PATCH", `Groups/${pyQuote(id)}`, { displayName: `Test Group${now}_2` });
      expect(patch.status).toBe(204);
      expect(patch.rawBody).toBe("");

      const stale = sdkBodyAfterRead({ ...creation.snake, display_name: `Test Group${now}_3` });
      expect(stale["schemas"]).toEqual([["urn:scim:schemas:core:1.0"]]);
      const update = await call("PUT", `Groups/${pyQuote(id)}`, stale);
      expect(update.status).toBe(200);
      expectSDKParsesGroup(update.snake);
      expect(update.snake["display_name"]).toBe(`Test Group${now}_3`);
      expect(update.snake["members"]).toEqual([{ value: user.snake["id"], display: "Kaz Sera" }]);

      const deletion = await call("DELETE", `Groups/${pyQuote(id)}`);
      expect(deletion.status).toBe(204);
      expect(deletion.rawBody).toBe("");
    } finally {
      await server.close();
    }
  });

  it("read-modify-PUT of every seeded user (sparse, full, guest, deactivated, owner) changes nothing", async () => {
    const { server, call } = await started();
    try {
      const list = await call(
        "GET",
        `Users?${sdkQuery({ count: 100, startIndex: 1 }, ["count", "startIndex"])}`,
      );
      const kinds = new Set<string>();
      for (const listed of list.snake["resources"] as Dict[]) {
        const path = `Users/${pyQuote(listed["id"] as string)}`;
        const before = await call("GET", path);
        const schemas = before.body?.["schemas"] as string[];
        if (schemas.length > 1) kinds.add("full");
        if (schemas.includes("urn:scim:schemas:extension:slack:guest:1.0")) kinds.add("guest");
        if (before.body?.["active"] === false) kinds.add("deactivated");
        const echoed = sdkBodyAfterRead(before.snake);
        expect(echoed["schemas"]).toEqual(schemas.map(() => schemas));
        const put = await call("PUT", path, echoed);
        expect(put.status, JSON.stringify(put.body)).toBe(200);
        expect(put.body).toEqual(before.body);
        // patch_user(id, read_result.user): the same echo as a 1.1 partial resource.
        const patch = await call("PATCH", path, echoed);
        expect(patch.status, JSON.stringify(patch.body)).toBe(200);
        expect(patch.body).toEqual(before.body);
      }
      expect([...kinds].sort()).toEqual(["deactivated", "full", "guest"]);
    } finally {
      await server.close();
    }
  });

  it("401 and 429 answers parse as Errors, Retry-After as an integer", async () => {
    const server = await startEmulator({
      port: 0,
      ids: sequentialIds(),
      faults: [{ match: "GET /Users", status: 429, retryAfter: 2 }],
    });
    try {
      const limited = await sdkRequest(
        server.v1BaseUrl,
        server.adminToken,
        "GET",
        "Users?count=1&startIndex=1",
      );
      expect(limited.status).toBe(429);
      expectSDKErrors(limited.snake, 429, "too_many_requests");
      expect(limited.headers["retry-after"]).toBe("2");
      const denied = await sdkRequest(server.v1BaseUrl, "xoxp-wrong", "GET", "Users?count=1&startIndex=1");
      expect(denied.status).toBe(401);
      expectSDKErrors(denied.snake, 401, "invalid_authentication");
    } finally {
      await server.close();
    }
  });
});
