import { afterEach, describe, expect, it } from "vitest";
import { v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

describe("ids in paths", () => {
  it.each([
    ["a/b", "/scim/v1/Users/a%2Fb"],
    ["../Groups", "/scim/v1/Users/..%2FGroups"],
    ["W1 2", "/scim/v1/Users/W1%202"],
    ["Wé✓", "/scim/v1/Users/W%C3%A9%E2%9C%93"],
    ["W1?x=1#y", "/scim/v1/Users/W1%3Fx%3D1%23y"],
    ["100%", "/scim/v1/Users/100%25"],
  ])("%j is sent as one encoded segment", async (id, path) => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    await v1Client(server.v1).readUser(id);
    await v1Client(server.v1)
      .deleteGroup(id)
      .catch(() => {});
    expect(server.requests.map((r) => r.url)).toEqual([path, path.replace("/Users/", "/Groups/")]);
  });

  it.each([
    ["a lone high surrogate", "W1\uD800"],
    ["a lone low surrogate", "\uDC00W1"],
    ["a reversed pair", "\uDC00\uD800"],
    ["256 characters", "W".repeat(256)],
    ["a number", 42],
    ["undefined", undefined],
  ])("%s is a TypeError naming the argument, before any request, on every method", async (_what, id) => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = v1Client(server.v1);
    const bad = id as string;
    for (const call of [
      () => client.readUser(bad),
      () => client.deleteUser(bad),
      () => client.patchUser(bad, {}),
      () => client.readGroup(bad),
      () => client.patchGroup(bad, {}),
      () => client.deleteGroup(bad),
      () => client.waitForUser(bad, () => true),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^id must /);
    }
    await expect(client.updateUser({ id: bad })).rejects.toThrow(/^user\.id must /);
    await expect(client.updateGroup({ id: bad })).rejects.toThrow(/^group\.id must /);
    expect(server.requests).toHaveLength(0);
  });

  it("takes an id of 255 characters and a well-formed surrogate pair", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    await v1Client(server.v1).readUser("W".repeat(255));
    await v1Client(server.v1).readUser("W😀");
    expect(server.requests.map((r) => r.url)).toEqual([
      `/scim/v1/Users/${"W".repeat(255)}`,
      "/scim/v1/Users/W%F0%9F%98%80",
    ]);
  });

  it.each(["", ".", ".."])("%j is a TypeError before any request", async (id) => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = v1Client(server.v1);
    await expect(client.readUser(id)).rejects.toThrow(TypeError);
    await expect(client.patchUser(id, {})).rejects.toThrow(TypeError);
    await expect(client.updateGroup({ id })).rejects.toThrow(/group\.id/);
    expect(server.requests).toHaveLength(0);
  });
});
