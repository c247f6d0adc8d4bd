import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { SCIM2Client, SCIMClient } from "../src/index.js";
import { silentLogger, token } from "./helpers/clients.js";
import { startServer, type TestServer } from "./helpers/server.js";

const root = fileURLToPath(new URL("./fixtures/recorded-shapes/", import.meta.url));
const files = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith(".json") ? [relative(root, path)] : [];
  });
})(root).sort();

let server: TestServer;
afterEach(() => server?.close());

/** Serves every fixture at its own path under /scim/, exactly as recorded. */
async function serveFixtures() {
  server = await startServer((req, res, received) => {
    if (req.method === "PUT") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(received.body);
      return;
    }
    const path = (req.url ?? "").replace(/^\/scim\//, "").replace(/\?.*$/, "");
    const text = readFileSync(join(root, `${path}.json`), "utf8");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(text);
  });
}

function client(version: string) {
  const base = `${server.url}/scim/${version}/`;
  return version === "v1"
    ? new SCIMClient(token, { baseUrl: base, logger: silentLogger() })
    : new SCIM2Client(token, { baseUrl: base, logger: silentLogger() });
}

describe("recorded Slack response shapes", () => {
  it("covers every fixture file", () => {
    expect(files).toEqual([
      "v1/Groups.json",
      "v1/Groups/00000000000.json",
      "v1/ServiceProviderConfigs.json",
      "v1/Users.json",
      "v1/Users/00000000000.json",
      "v2/Groups.json",
      "v2/Groups/00000000000.json",
      "v2/ResourceTypes.json",
      "v2/ServiceProviderConfigs.json",
      "v2/Users.json",
      "v2/Users/00000000000.json",
    ]);
  });

  it.each(["v1", "v2"])(
    "%s: every shape parses into its typed response with nothing lost",
    async (version) => {
      await serveFixtures();
      const fixture = (name: string) => JSON.parse(readFileSync(join(root, version, name), "utf8"));
      const c = client(version);
      const users = await c.searchUsers();
      expect(users.body).toEqual(fixture("Users.json"));
      expect(users.users).toEqual(fixture("Users.json").Resources);
      expect(users.totalResults).toBe(12345);
      const groups = await c.searchGroups();
      expect(groups.groups).toEqual(fixture("Groups.json").Resources);
      expect((await c.readUser("00000000000")).user).toEqual(fixture("Users/00000000000.json"));
      expect((await c.readGroup("00000000000")).group).toEqual(fixture("Groups/00000000000.json"));
      expect((await c.getServiceProviderConfig()).config).toEqual(fixture("ServiceProviderConfigs.json"));
      if (c instanceof SCIM2Client) {
        expect((await c.getResourceTypes()).resourceTypes).toEqual(fixture("ResourceTypes.json").Resources);
      }
    },
  );

  it.each(["v1", "v2"])("%s: a read user and group go back through PUT byte for byte", async (version) => {
    await serveFixtures();
    const c = client(version);
    const listed = await c.searchUsers();
    const read = await c.readUser("00000000000");
    const group = await c.readGroup("00000000000");
    const updated = await c.updateUser(read.user);
    await c.updateGroup(group.group);
    const puts = server.requests.filter((r) => r.method === "PUT");
    expect(puts[0]?.url).toBe(`/scim/${version}/Users/W00000000`);
    expect(updated.user).toEqual(read.user);
    expect(puts[0]?.body).toBe(
      JSON.stringify(JSON.parse(readFileSync(join(root, version, "Users/00000000000.json"), "utf8"))),
    );
    expect(puts[1]?.url).toBe(`/scim/${version}/Groups/S00000000`);
    expect(puts[1]?.body).toBe(JSON.stringify(group.group));
    expect(
      listed.users[0]?.["urn:scim:schemas:extension:enterprise:1.0"] ??
        listed.users[0]?.["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    ).toEqual({ manager: {} });
  });
});
