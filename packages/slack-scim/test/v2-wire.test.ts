import { afterEach, describe, expect, it } from "vitest";
import { SCIM2Client } from "../src/index.js";
import { removeMember, replace, replaceMembers } from "../src/patch/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

const v2 = (base: string) => new SCIM2Client(token, { baseUrl: base, logger: silentLogger() });
const group = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  id: "S1",
  displayName: "eng",
  members: [],
};

describe("SCIM2Client on the wire", () => {
  it("accepts 204 on DELETE /Users and reads the group PATCH answers with", async () => {
    server = await startServer((req, res) => {
      if (req.method === "DELETE") {
        res.writeHead(204);
        res.end();
      } else json(res, 200, group);
    });
    const client = v2(server.v2);
    expect((await client.deleteUser("W1")).statusCode).toBe(204);
    const patched = await client.patchGroup("S1", [removeMember("W1")]);
    expect(patched.group).toEqual(group);
    expect(JSON.parse(server.requests[1]?.body ?? "")).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: 'members[value eq "W1"]' }],
    });
  });

  it("falls back to /ServiceProviderConfig when the plural answers 404", async () => {
    server = await startServer((req, res) => {
      if (req.url?.endsWith("/ServiceProviderConfigs"))
        json(res, 404, { Errors: { description: "bad_endpoint", code: 404 } });
      else json(res, 200, { patch: { supported: true } });
    });
    const res = await v2(server.v2).getServiceProviderConfig();
    expect(res.config.patch?.supported).toBe(true);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/scim/v2/ServiceProviderConfigs",
      "/scim/v2/ServiceProviderConfig",
    ]);
  });

  it("refuses an operation on a read-only attribute before any request", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    await expect(v2(server.v2).patchUser("W1", [{ op: "replace", path: "id", value: "W2" }])).rejects.toThrow(
      TypeError,
    );
    await expect(v2(server.v2).patchUser("W1", [])).rejects.toThrow(/at least one operation/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("SCIMClient translates RFC 7644 operations into 1.1 bodies", () => {
  it("sends a member removal as an entry with operation: delete", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await v1Client(server.v1).patchGroup("S1", [removeMember("W1")]);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      members: [{ value: "W1", operation: "delete" }],
    });
  });

  it("sends a user change as a partial resource", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    await v1Client(server.v1).patchUser("W1", [replace("active", false), replace("title", "Analyst")]);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      schemas: ["urn:scim:schemas:core:1.0"],
      active: false,
      title: "Analyst",
    });
  });

  it("refuses an operation 1.1 cannot express, before any request", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const error = await v1Client(server.v1)
      .patchGroup("S1", [replaceMembers(["W1"])])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/operation 0/);
    expect(server.requests).toHaveLength(0);
  });
});
