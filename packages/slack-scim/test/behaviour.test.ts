import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BaseSCIMClient } from "../src/client/base-client.js";
import {
  SCIM1Schemas,
  SCIM2Client,
  SCIM2Schemas,
  SCIMClient,
  SCIMHTTPError,
  type User,
} from "../src/index.js";
import {
  addMembers,
  diffUser,
  remove,
  removeMember,
  renameGroup,
  replace,
  replacePrimaryEmail,
} from "../src/patch/index.js";
import { silentLogger } from "./helpers/clients.js";

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

type Version = {
  name: string;
  make: (token?: string) => BaseSCIMClient & Pick<SCIMClient, "patchUser" | "patchGroup">;
  userSchema: string;
  enterprise: string;
  deleteUserStatus: number;
  patchGroupReturnsGroup: boolean;
};

const versions: Version[] = [
  {
    name: "SCIMClient (1.1)",
    make: (token) =>
      new SCIMClient(token ?? emulator.adminToken, { baseUrl: emulator.v1BaseUrl, logger: silentLogger() }),
    userSchema: SCIM1Schemas.Core,
    enterprise: SCIM1Schemas.Enterprise,
    deleteUserStatus: 200,
    patchGroupReturnsGroup: false,
  },
  {
    name: "SCIM2Client (2.0)",
    make: (token) =>
      new SCIM2Client(token ?? emulator.adminToken, {
        baseUrl: emulator.v2BaseUrl,
        logger: silentLogger(),
      }) as unknown as BaseSCIMClient & Pick<SCIMClient, "patchUser" | "patchGroup">,
    userSchema: SCIM2Schemas.User,
    enterprise: SCIM2Schemas.Enterprise,
    deleteUserStatus: 204,
    patchGroupReturnsGroup: true,
  },
];

const ada = (): User => ({
  userName: "Ada.Lovelace",
  name: { givenName: "Ada", familyName: "Lovelace" },
  title: "Analyst",
  emails: [{ value: "ada@acme.example", primary: true }],
});

describe.each(versions)("$name against the emulator", (v) => {
  it("creates a user (201), reads it back by id and by filter", async () => {
    const client = v.make();
    const created = await client.createUser(ada());
    expect(created.statusCode).toBe(201);
    expect(created.user.userName).toBe("ada.lovelace");
    expect(created.user.schemas).toContain(v.userSchema);
    const id = created.user.id as string;
    expect(id).toMatch(/^W[A-Z0-9]+$/);
    expect((await client.readUser(id)).user.emails?.[0]?.value).toBe("ada@acme.example");
    const found = await client.searchUsers({ filter: 'userName eq "ada.lovelace"' });
    expect(found.users.map((u) => u.id)).toEqual([id]);
    expect([found.totalResults, found.itemsPerPage, found.startIndex]).toEqual([1, 1, 1]);
  });

  it("applies the same PATCH operations on both versions", async () => {
    const client = v.make();
    const id = (await client.createUser(ada())).user.id as string;
    const patched = await client.patchUser(id, [
      replace("title", "Countess"),
      replacePrimaryEmail("ada@new.acme.example"),
      replace(`${v.enterprise}:department`, "Engines"),
    ]);
    expect(patched.statusCode).toBe(200);
    expect(patched.user.title).toBe("Countess");
    expect(patched.user.emails?.find((e) => e.primary)?.value).toBe("ada@new.acme.example");
    expect((patched.user[v.enterprise] as { department?: string }).department).toBe("Engines");
    const cleared = await client.patchUser(id, [remove("title")]);
    expect(cleared.user.title ?? "").toBe("");
  });

  it("turns a diff into the change and nothing else", async () => {
    const client = v.make();
    const { user } = await client.createUser(ada());
    const desired = { ...user, title: "Principal", displayName: "Ada L" };
    const operations = diffUser(user, desired);
    expect(operations).toHaveLength(2);
    const { user: after } = await client.patchUser(user.id as string, operations);
    expect([after.title, after.displayName, after.userName]).toEqual(["Principal", "Ada L", "ada.lovelace"]);
    expect(diffUser(after, desired)).toEqual([]);
  });

  it("replaces a user with PUT, keeping unknown fields it sent", async () => {
    const client = v.make();
    const { user } = await client.createUser(ada());
    const updated = await client.updateUser({
      ...user,
      title: "Professor",
      "urn:example:unknown": { kept: 1 },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.user.title).toBe("Professor");
  });

  it("deactivates on DELETE, idempotently, and reactivates with active: true", async () => {
    const client = v.make();
    const id = (await client.createUser(ada())).user.id as string;
    expect((await client.deleteUser(id)).statusCode).toBe(v.deleteUserStatus);
    expect((await client.deleteUser(id)).statusCode).toBe(v.deleteUserStatus);
    expect((await client.readUser(id)).user.active).toBe(false);
    expect((await client.patchUser(id, [replace("active", true)])).user.active).toBe(true);
  });

  it("manages a group's members with the same operations on both versions", async () => {
    const client = v.make();
    const ids: string[] = [];
    for (const name of ["a1", "b2", "c3"]) {
      ids.push(
        (await client.createUser({ userName: name, emails: [{ value: `${name}@x.example` }] })).user
          .id as string,
      );
    }
    const [a, b, c] = ids as [string, string, string];
    const group = await client.createGroup({ displayName: "eng", members: [{ value: a }, { value: b }] });
    expect(group.statusCode).toBe(201);
    const groupId = group.group.id as string;
    const added = await client.patchGroup(groupId, [addMembers([c])]);
    expect(added.group === undefined).toBe(!v.patchGroupReturnsGroup);
    await client.patchGroup(groupId, [removeMember(a), renameGroup("engineering")]);
    const read = await client.readGroup(groupId);
    expect(read.group.displayName).toBe("engineering");
    expect(read.group.members?.map((m) => m.value).sort()).toEqual([b, c].sort());
    const replaced = await client.updateGroup({ ...read.group, members: [{ value: a }] });
    expect(replaced.group.members?.map((m) => m.value)).toEqual([a]);
    expect((await client.searchGroups({ filter: 'displayName eq "engineering"' })).groups).toHaveLength(1);
    expect((await client.deleteGroup(groupId)).statusCode).toBe(204);
    await expect(client.readGroup(groupId)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("rejects a duplicate userName with 409 username_taken", async () => {
    const client = v.make();
    await client.createUser(ada());
    const error = await client.createUser(ada()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect((error as SCIMHTTPError).statusCode).toBe(409);
    expect((error as SCIMHTTPError).errorCode).toBe("username_taken");
  });

  it("rejects an unknown id with 404 and a bad token with 401", async () => {
    await expect(v.make().readUser("W0000000000")).rejects.toMatchObject({ statusCode: 404 });
    const error = await v
      .make("xoxp-wrong")
      .searchUsers()
      .catch((e: unknown) => e);
    expect((error as SCIMHTTPError).statusCode).toBe(401);
    expect((error as SCIMHTTPError).errorCode).toBe("invalid_authentication");
  });

  it("reads the capabilities document", async () => {
    const { config } = await v.make().getServiceProviderConfig();
    expect(config.patch?.supported).toBe(true);
    expect(config.authenticationSchemes?.[0]?.type).toBe("oauthbearertoken");
  });
});

describe("versions share one org", () => {
  it("a user created through 1.1 reads back through 2.0", async () => {
    const [v1, v2] = versions.map((v) => v.make());
    if (!v1 || !v2) throw new Error("two versions expected");
    const { user } = await v1.createUser(ada());
    const read = await v2.readUser(user.id as string);
    expect(read.user.schemas).toContain(SCIM2Schemas.User);
    expect(read.user.userName).toBe("ada.lovelace");
  });
});

describe("discovery", () => {
  it("SCIMClient.getSchemas reads the user and group schema documents", async () => {
    const client = new SCIMClient(emulator.adminToken, {
      baseUrl: emulator.v1BaseUrl,
      logger: silentLogger(),
    });
    const schemas = await client.getSchemas();
    expect(schemas.users.schema.attributes?.some((a) => a.name === "userName")).toBe(true);
    expect(schemas.groups.schema.attributes?.some((a) => a.name === "displayName")).toBe(true);
  });

  it("SCIM2Client reads /Schemas and /ResourceTypes", async () => {
    const client = new SCIM2Client(emulator.adminToken, {
      baseUrl: emulator.v2BaseUrl,
      logger: silentLogger(),
    });
    const schemas = await client.getSchemas();
    expect(schemas.schemas.map((s) => s.id)).toContain(SCIM2Schemas.User);
    const types = await client.getResourceTypes();
    expect(types.resourceTypes.map((t) => t.endpoint)).toEqual(["/Users", "/Groups"]);
  });
});
