import { afterEach, describe, expect, it } from "vitest";
import { SCIM2Client } from "../src/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { startServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

/** A user carrying fields no type names: top level, nested, inside known and unknown extensions. */
const stranger = {
  schemas: ["urn:scim:schemas:core:1.0", "urn:example:future:1.0"],
  id: "W1",
  userName: "ada",
  futureTopLevel: { deep: [1, { x: null }] },
  name: { givenName: "Ada", middleNameFromTheFuture: "Augusta" },
  emails: [{ value: "ada@x.example", primary: true, verified: true }],
  "urn:scim:schemas:extension:enterprise:1.0": {
    department: "R&D",
    badge: 42,
    manager: { managerId: "W2", since: "x" },
  },
  "urn:example:future:1.0": { anything: ["goes"] },
  "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User": {
    type: "multi",
    channels: [{ value: "C1", extra: 1 }],
  },
};

describe("unknown fields survive a read → updateUser round trip", () => {
  it.each([
    ["SCIMClient", (base: string) => v1Client(`${base}/scim/v1/`)],
    [
      "SCIM2Client",
      (base: string) => new SCIM2Client(token, { baseUrl: `${base}/scim/v2/`, logger: silentLogger() }),
    ],
  ])("%s sends back every field it read, in order", async (_name, make) => {
    const text = JSON.stringify(stranger);
    server = await startServer((_req, res, received) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(received.method === "PUT" ? received.body : text);
    });
    const client = make(server.url);
    const { user } = await client.readUser("W1");
    expect(user["futureTopLevel"]).toEqual({ deep: [1, { x: null }] });
    const updated = await client.updateUser(user);
    expect(server.requests[1]?.body).toBe(text);
    expect(updated.user).toEqual(stranger);
  });
});
