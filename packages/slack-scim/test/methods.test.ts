import { afterEach, describe, expect, it } from "vitest";
import { SCIM2Client, SCIMClient } from "../src/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

/** A server that answers every request with `status` and `body` (or no body). */
async function answering(status: number, body?: unknown) {
  server = await startServer((_req, res) => {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
    } else json(res, status, body);
  });
  return server;
}

const list = (resources: unknown[]) => ({
  totalResults: 42,
  itemsPerPage: resources.length,
  startIndex: 11,
  schemas: ["urn:scim:schemas:core:1.0"],
  Resources: resources,
});

describe("SCIMClient methods (SCIM 1.1)", () => {
  it("searchUsers sends GET /Users with startIndex, count and filter and reads the page", async () => {
    await answering(200, list([sampleUser("W1"), sampleUser("W2")]));
    const res = await v1Client(server.v1).searchUsers({
      startIndex: 11,
      count: 2,
      filter: 'userName eq "Carly"',
    });
    const [req] = server.requests;
    expect(req?.method).toBe("GET");
    expect(req?.url).toBe("/scim/v1/Users?startIndex=11&count=2&filter=userName%20eq%20%22Carly%22");
    expect(req?.headers.authorization).toBe(`Bearer ${token}`);
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.body).toBe("");
    expect(res.statusCode).toBe(200);
    expect(res.users.map((u) => u.id)).toEqual(["W1", "W2"]);
    expect([res.totalResults, res.itemsPerPage, res.startIndex]).toEqual([42, 2, 11]);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(res.rawBody)).toEqual(res.body);
  });

  it("searchUsers without arguments sends no query and treats a missing Resources as an empty page", async () => {
    await answering(200, { totalResults: 0, itemsPerPage: 0, startIndex: 1, schemas: [] });
    const res = await v1Client(server.v1).searchUsers();
    expect(server.requests[0]?.url).toBe("/scim/v1/Users");
    expect(res.users).toEqual([]);
    expect(res.totalResults).toBe(0);
  });

  it("readUser sends GET /Users/{id} and returns the user", async () => {
    await answering(200, sampleUser("W0123ABCDEF"));
    const res = await v1Client(server.v1).readUser("W0123ABCDEF");
    expect(server.requests[0]).toMatchObject({ method: "GET", url: "/scim/v1/Users/W0123ABCDEF" });
    expect(res.user.userName).toBe("ada.lovelace");
  });

  it("createUser POSTs the user with the 1.1 core schema defaulted and returns the 201 body", async () => {
    await answering(201, sampleUser("W9"));
    const res = await v1Client(server.v1).createUser({
      userName: "cal",
      name: { givenName: "C", familyName: "Henderson" },
      emails: [{ value: "cal@example.com" }],
    });
    const [req] = server.requests;
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("/scim/v1/Users");
    expect(req?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(req?.body ?? "")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      userName: "cal",
      name: { givenName: "C", familyName: "Henderson" },
      emails: [{ value: "cal@example.com" }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.user.id).toBe("W9");
  });

  it("keeps schemas the caller gives", async () => {
    await answering(201, sampleUser("W9"));
    const schemas = ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:slack:guest:1.0"];
    await v1Client(server.v1).createUser({ schemas, userName: "kim" });
    expect(JSON.parse(server.requests[0]?.body ?? "").schemas).toEqual(schemas);
  });

  it("patchUser PATCHes a partial resource and returns the 200 user", async () => {
    await answering(200, sampleUser("W1", { userName: "chenderson" }));
    const res = await v1Client(server.v1).patchUser("W1", { userName: "chenderson" });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: "PATCH", url: "/scim/v1/Users/W1" });
    expect(JSON.parse(req?.body ?? "")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      userName: "chenderson",
    });
    expect(res.user.userName).toBe("chenderson");
  });

  it("updateUser PUTs the whole user to /Users/{user.id}", async () => {
    await answering(200, sampleUser("W1"));
    const user = sampleUser("W1", { title: "Analyst" });
    const res = await v1Client(server.v1).updateUser(user);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: "PUT", url: "/scim/v1/Users/W1" });
    expect(JSON.parse(req?.body ?? "")).toEqual(user);
    expect(res.statusCode).toBe(200);
  });

  it("updateUser without an id is a TypeError before any request", async () => {
    await answering(200, {});
    await expect(v1Client(server.v1).updateUser({ userName: "x" })).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });

  it("deleteUser accepts Slack's 1.1 answer: 200 with an empty body", async () => {
    await answering(200);
    const res = await v1Client(server.v1).deleteUser("W1");
    expect(server.requests[0]).toMatchObject({ method: "DELETE", url: "/scim/v1/Users/W1", body: "" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBeUndefined();
    expect(res.rawBody).toBe("");
  });

  it("searchGroups, readGroup, createGroup, updateGroup read and send groups", async () => {
    const group = { schemas: ["urn:scim:schemas:core:1.0"], id: "S1", displayName: "eng", members: [] };
    server = await startServer((req, res) => {
      if (req.method === "GET" && req.url?.startsWith("/scim/v1/Groups?")) json(res, 200, list([group]));
      else json(res, req.method === "POST" ? 201 : 200, group);
    });
    const client = v1Client(server.v1);
    const found = await client.searchGroups({ count: 1, filter: 'displayName eq "eng"' });
    expect(found.groups).toEqual([group]);
    expect((await client.readGroup("S1")).group.displayName).toBe("eng");
    const created = await client.createGroup({ displayName: "eng", members: [{ value: "W1" }] });
    expect(created.statusCode).toBe(201);
    await client.updateGroup({ id: "S1", displayName: "eng2", members: [] });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /scim/v1/Groups?count=1&filter=displayName%20eq%20%22eng%22",
      "GET /scim/v1/Groups/S1",
      "POST /scim/v1/Groups",
      "PUT /scim/v1/Groups/S1",
    ]);
    expect(JSON.parse(server.requests[2]?.body ?? "")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      displayName: "eng",
      members: [{ value: "W1" }],
    });
  });

  it("patchGroup accepts Slack's 1.1 answer: 204 without a body", async () => {
    await answering(204);
    const res = await v1Client(server.v1).patchGroup("S1", {
      members: [{ value: "W1" }, { value: "W2", operation: "delete" }],
    });
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      members: [{ value: "W1" }, { value: "W2", operation: "delete" }],
    });
    expect(res.statusCode).toBe(204);
    expect(res.group).toBeUndefined();
  });

  it("deleteGroup sends DELETE /Groups/{id} and accepts 204", async () => {
    await answering(204);
    const res = await v1Client(server.v1).deleteGroup("S1");
    expect(server.requests[0]).toMatchObject({ method: "DELETE", url: "/scim/v1/Groups/S1" });
    expect(res.statusCode).toBe(204);
  });

  it("getServiceProviderConfig and getSchemas read the 1.1 discovery paths", async () => {
    server = await startServer((req, res) => {
      if (req.url === "/scim/v1/ServiceProviderConfigs") json(res, 200, { patch: { supported: true } });
      else
        json(res, 200, {
          id: "urn:scim:schemas:core:1.0",
          name: req.url?.endsWith("Users") ? "User" : "Group",
        });
    });
    const client = v1Client(server.v1);
    expect((await client.getServiceProviderConfig()).config.patch?.supported).toBe(true);
    const schemas = await client.getSchemas();
    expect([schemas.users.schema.name, schemas.groups.schema.name]).toEqual(["User", "Group"]);
    expect(server.requests.map((r) => r.url).sort()).toEqual([
      "/scim/v1/Schemas/Groups",
      "/scim/v1/Schemas/Users",
      "/scim/v1/ServiceProviderConfigs",
    ]);
  });

  it("apiCall takes a path with or without a leading slash, a query and a body sent as is", async () => {
    await answering(200, { ok: 1 });
    const client = v1Client(server.v1);
    const res = await client.apiCall({
      method: "POST",
      path: "/Users",
      query: { a: "x y", b: undefined },
      body: [1],
    });
    await client.apiCall({ method: "GET", path: "Groups" });
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      "POST /scim/v1/Users?a=x%20y [1]",
      "GET /scim/v1/Groups ",
    ]);
    expect(res.body).toEqual({ ok: 1 });
  });

  it("accepts a base URL without a trailing slash", async () => {
    await answering(200, sampleUser());
    await v1Client(server.v1.slice(0, -1)).readUser("W1");
    expect(server.requests[0]?.url).toBe("/scim/v1/Users/W1");
  });

  it("merges client and per-call headers, and its own Authorization always wins", async () => {
    await answering(200, sampleUser());
    const client = v1Client(server.v1, { headers: { "X-Team": "a", Authorization: "Bearer nope" } });
    await client.readUser("W1", { headers: { "x-call": "b", authorization: "Bearer other" } });
    const headers = server.requests[0]?.headers;
    expect(headers?.["x-team"]).toBe("a");
    expect(headers?.["x-call"]).toBe("b");
    expect(headers?.authorization).toBe(`Bearer ${token}`);
  });

  it("lets a per-call header override the client's header of the same name", async () => {
    await answering(200, sampleUser());
    const client = v1Client(server.v1, { headers: { "X-Trace": "client" } });
    await client.readUser("W1", { headers: { "x-trace": "call" } });
    await client.readUser("W1");
    expect(server.requests.map((r) => r.headers["x-trace"])).toEqual(["call", "client"]);
  });

  it("sends the User-Agent with the caller's prefix and suffix", async () => {
    await answering(200, sampleUser());
    await v1Client(server.v1, { userAgentPrefix: "my-idp/1.2", userAgentSuffix: "(ops)" }).readUser("W1");
    expect(server.requests[0]?.headers["user-agent"]).toMatch(
      /^my-idp\/1\.2 slack-scim\/\d+\.\d+\.\d+ node\/\d+\.\d+\.\d+ [a-z]+\/\S+ \(ops\)$/,
    );
  });

  it("throws a TypeError at the first call when there is no token, without sending anything", async () => {
    await answering(200, {});
    const client = new SCIMClient(undefined, { baseUrl: server.v1, logger: silentLogger() });
    await expect(client.readUser("W1")).rejects.toThrow(/no token/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("SCIM2Client shares the pipeline", () => {
  it("sends RFC 7644 operations as a PatchOp message", async () => {
    await answering(200, sampleUser("W1"));
    const client = new SCIM2Client(token, { baseUrl: server.v2, logger: silentLogger() });
    await client.patchUser("W1", [{ op: "replace", path: "active", value: false }]);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
  });

  it("defaults the 2.0 user schema on create", async () => {
    await answering(201, sampleUser("W1"));
    await new SCIM2Client(token, { baseUrl: server.v2, logger: silentLogger() }).createUser({
      userName: "a",
    });
    expect(JSON.parse(server.requests[0]?.body ?? "").schemas).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
    ]);
  });
});

describe("apiCall refuses paths it would have to reinterpret", () => {
  it.each([
    ['Users?filter=userName eq "ada"', /pass query parameters as `query`/],
    ["Users#frag", /"\?" or "#"/],
    ["Users/../../v2/Users", /"\." or "\.\." segments/],
    ["./Users", /segments/],
    // Percent-encoded dot segments and slashes: decoded before the check, refused like literal ones.
    ["Users/%2e%2e/x", /segments, encoded or not/],
    ["Users/%2E%2E/%2E%2E/v2/Users", /segments, encoded or not/],
    ["Users/.%2e/x", /segments, encoded or not/],
    ["%2e/Users", /segments, encoded or not/],
    ["Users/..%2f..%2fx", /encoded "\/"/],
    ["Users%2F..%2F..%2Fx", /encoded "\/"/],
    ["Users/a%5c..%5cx", /encoded "\/" or "\\"/],
    ["Users\\..\\x", /must not contain "\\"/],
    ["Users/%zz", /malformed percent-escape/],
  ])("%j is a TypeError before any request", async (path, message) => {
    await answering(200, {});
    await expect(v1Client(server.v1).apiCall({ method: "GET", path })).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });

  it("encodes what needs encoding in a path it accepts", async () => {
    await answering(200, {});
    await v1Client(server.v1).apiCall({ method: "GET", path: "Users/W 1é" });
    expect(server.requests[0]?.url).toBe("/scim/v1/Users/W%201%C3%A9");
  });

  it("sends a segment that was already percent-encoded as it is", async () => {
    await answering(200, {});
    await v1Client(server.v1).apiCall({ method: "GET", path: "Users/W%201%2e" });
    expect(server.requests[0]?.url).toBe("/scim/v1/Users/W%201%2e");
  });

  it("refuses a path that is not a string", async () => {
    await answering(200, {});
    await expect(v1Client(server.v1).apiCall({ method: "GET", path: 3 as never })).rejects.toThrow(
      "apiCall: path must be a string",
    );
  });
});

describe("schemas defaulted on writes", () => {
  it("lists the extension blocks the body carries, after the core schema", async () => {
    await answering(201, sampleUser());
    await new SCIM2Client(token, { baseUrl: server.v2, logger: silentLogger() }).createUser({
      userName: "ada",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D" },
      "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User": {
        startDate: "2024-04-10T00:00:00+0000",
      },
    });
    expect(JSON.parse(server.requests[0]?.body ?? "").schemas).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User",
    ]);
  });
});
