import { describe, expect, it } from "vitest";
import { start, urn } from "./helpers/server.js";

const spcKeys = [
  "authenticationSchemes",
  "patch",
  "bulk",
  "filter",
  "changePassword",
  "sort",
  "etag",
  "xmlDataFormat",
];

describe("discovery endpoints", () => {
  it("serves ServiceProviderConfigs on both versions without a token, in Slack's key order", async () => {
    const { call } = await start();
    for (const [version, path] of [
      [1, "ServiceProviderConfigs"],
      [2, "ServiceProviderConfigs"],
      [2, "ServiceProviderConfig"],
    ] as const) {
      const res = await call(version, "GET", path, undefined, { authorization: "" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(Object.keys(res.json)).toEqual(spcKeys);
      expect(res.json.filter).toEqual({ supported: false, maxResults: 0 });
      expect(res.json.authenticationSchemes[0].type).toBe("oauthbearertoken");
    }
  });

  it("does not serve the singular capabilities path on 1.1", async () => {
    const { call } = await start();
    const res = await call(1, "GET", "ServiceProviderConfig");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ Errors: { description: "bad_endpoint", code: 404 } });
  });

  it("serves Schemas and ResourceTypes with a token", async () => {
    const { call, server } = await start();
    const users1 = await call(1, "GET", "Schemas/Users");
    expect(users1.status).toBe(200);
    expect(users1.json.id).toBe(urn.core1);
    expect(users1.json.attributes.map((a: { name: string }) => a.name)).toContain("userName");
    const groups2 = await call(2, "GET", "Schemas/Groups");
    expect(groups2.json.id).toBe(urn.group2);
    const all = await call(2, "GET", "Schemas");
    expect(all.json.schemas).toEqual([urn.list2]);
    expect(all.json.Resources).toHaveLength(2);
    const types = await call(2, "GET", "ResourceTypes");
    expect(Object.keys(types.json)).toEqual(["schemas", "Resources"]);
    expect(types.json.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    expect(Object.keys(types.json.Resources[0])).toEqual([
      "schemas",
      "id",
      "name",
      "endpoint",
      "description",
      "schema",
      "meta",
      "schemaExtensions",
    ]);
    expect(types.json.Resources[0].meta.location).toBe(`${server.url}/scim/v2/ResourceTypes/User`);
    expect(types.json.Resources[1].schemaExtensions).toBeUndefined();
    expect((await call(2, "GET", "ResourceTypes/Group")).json.id).toBe("Group");
    expect((await call(1, "GET", "ResourceTypes")).status).toBe(404);
    expect((await call(1, "GET", "Schemas")).status).toBe(404);
  });

  it("needs a token for Schemas", async () => {
    const { call } = await start();
    const res = await call(2, "GET", "Schemas/Users", undefined, { authorization: "" });
    expect(res.status).toBe(401);
  });

  it("answers method_not_allowed for writes to Schemas and ResourceTypes, bad_endpoint for an unknown type", async () => {
    const { call } = await start();
    expect((await call(2, "POST", "Schemas/Users", {})).status).toBe(405);
    expect((await call(2, "DELETE", "ResourceTypes/User")).json).toMatchObject({
      detail: "method_not_allowed",
    });
    expect((await call(2, "GET", "ResourceTypes/Device")).json).toMatchObject({
      detail: "bad_endpoint",
      status: 404,
    });
    expect((await call(1, "GET", "Schemas")).status).toBe(404);
  });

  it("answers method_not_allowed for a POST to a user or group id", async () => {
    const { call } = await start();
    expect((await call(1, "POST", "Users/W0000000001", {})).json).toEqual({
      Errors: { description: "method_not_allowed", code: 405 },
    });
    expect((await call(2, "POST", "Groups/S0000000001", {})).status).toBe(405);
  });

  it("answers bad_endpoint, method_not_allowed and unsupported_version", async () => {
    const { call } = await start();
    expect(await call(2, "GET", "Nope")).toMatchObject({
      status: 404,
      json: { schemas: [urn.error2], detail: "bad_endpoint", status: 404 },
    });
    expect((await call(1, "GET", "Users/W1234567890/extra")).status).toBe(404);
    expect(await call(1, "OPTIONS", "Users")).toMatchObject({
      status: 405,
      json: { Errors: { description: "method_not_allowed", code: 405 } },
    });
    expect(await call(1, "GET", "/scim/v3/Users")).toMatchObject({
      status: 400,
      json: { Errors: { description: "unsupported_version", code: 400 } },
    });
    expect((await call(1, "GET", "/elsewhere")).status).toBe(404);
    expect(await call(1, "POST", "ServiceProviderConfigs", {})).toMatchObject({ status: 405 });
  });
});
