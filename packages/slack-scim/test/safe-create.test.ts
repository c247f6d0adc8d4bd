import { type Fault, type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BaseSCIMClient } from "../src/client/base-client.js";
import { SCIM2Client, SCIMClient, SCIMHTTPError, SCIMRequestError, type User } from "../src/index.js";
import { instantHandlers, silentLogger } from "./helpers/clients.js";

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

const versions = [
  { name: "SCIMClient", base: () => emulator.v1BaseUrl, Client: SCIMClient },
  { name: "SCIM2Client", base: () => emulator.v2BaseUrl, Client: SCIM2Client },
] as const;

let n = 0;
function newUser(): User {
  n += 1;
  return { userName: `safe${n}`, emails: [{ value: `safe${n}@acme.example`, primary: true }] };
}

const usersNamed = (userName: string) => [...emulator.store.users()].filter((u) => u.userName === userName);

describe.each(versions)("$name createUser never makes two users", ({ base, Client }) => {
  function client(lines: string[] = []): BaseSCIMClient {
    return new Client(emulator.adminToken, {
      baseUrl: base(),
      logger: silentLogger(lines),
      retryHandlers: instantHandlers(),
    });
  }

  it.each<[string, Fault, boolean]>([
    ["a reset after Slack handled it", { match: "POST /Users", reset: "after-body" }, true],
    ["a reset before the body was read", { match: "POST /Users", reset: "before-body" }, false],
    ["a 500", { match: "POST /Users", status: 500 }, false],
    ["a 503", { match: "POST /Users", status: 503, retryAfter: 0 }, false],
    ["an HTML 502 from a proxy", { match: "POST /Users", html: 502 }, false],
    ["a 201 whose body was cut", { match: "POST /Users", truncate: true }, true],
  ])("through %s", async (_what, fault, recovered) => {
    emulator.faults.push(fault);
    const lines: string[] = [];
    const user = newUser();
    const res = await client(lines).createUser(user);
    expect(res.user.userName).toBe(user.userName);
    expect(res.recovered).toBe(recovered);
    expect(usersNamed(user.userName ?? "")).toHaveLength(1);
    expect(res.user.id).toBe(usersNamed(user.userName ?? "")[0]?.id);
  });

  it("through a timeout after sending, while Slack applies the create late", async () => {
    emulator.faults.push({ match: "POST /Users", latencyMs: 750 });
    const user = newUser();
    // The per-call timeout bounds the lookup and the resend too: room for them on a busy machine.
    const res = await client().createUser(user, { timeout: 250 });
    expect(res.user.userName).toBe(user.userName);
    // The first request is still being handled: wait for it before counting.
    await new Promise((r) => setTimeout(r, 800));
    expect(usersNamed(user.userName ?? "")).toHaveLength(1);
  });

  it("finds the user by email when the userName lookup finds nothing", async () => {
    emulator.faults.push({ match: "POST /Users", reset: "after-body" });
    const user = newUser();
    let searched = 0;
    const c = client();
    const search = c.searchUsers.bind(c);
    c.searchUsers = async (args) => {
      searched += 1;
      // Slack may not yet list a new user under its (renamed) userName: only email finds it.
      if (String(args?.filter).startsWith("userName"))
        return search({ ...args, filter: 'userName eq "nobody"' });
      return search(args);
    };
    const res = await c.createUser(user);
    expect(res.recovered).toBe(true);
    expect(searched).toBe(2);
    expect(usersNamed(user.userName ?? "")).toHaveLength(1);
  });

  it("rejects a 409 with the existing user attached", async () => {
    const c = client();
    const first = await c.createUser(newUser());
    const clash = { userName: first.user.userName ?? "", emails: [{ value: "other@acme.example" }] };
    const error = await c.createUser(clash).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect((error as SCIMHTTPError).statusCode).toBe(409);
    expect(((error as SCIMHTTPError).existing as User).id).toBe(first.user.id);

    const byEmail = { userName: `other${n}`, emails: [{ value: first.user.emails?.[0]?.value ?? "" }] };
    const emailError = (await c.createUser(byEmail).catch((e: unknown) => e)) as SCIMHTTPError;
    expect(emailError.statusCode).toBe(409);
    expect((emailError.existing as User).id).toBe(first.user.id);
  });

  it("does not send the create again when the lookup itself fails", async () => {
    emulator.faults.push(
      { match: "POST /Users", status: 500 },
      { match: "GET /Users", status: 500, times: 5 },
    );
    const user = newUser();
    const error = await client()
      .createUser(user)
      .catch((e: unknown) => e);
    expect((error as SCIMHTTPError).statusCode).toBe(500);
    expect(usersNamed(user.userName ?? "")).toHaveLength(0);
  });

  it("passes other failures through untouched", async () => {
    const error = await client()
      .createUser({ userName: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect((error as SCIMHTTPError).statusCode).toBeLessThan(500);
  });

  it("createGroup is recovered by displayName", async () => {
    emulator.faults.push({ match: "POST /Groups", reset: "after-body" });
    const displayName = `team-${n++}`;
    const res = await client().createGroup({ displayName });
    expect(res.recovered).toBe(true);
    expect(res.group.displayName).toBe(displayName);
    const groups = [...emulator.store.groups()].filter((g) => g.displayName === displayName);
    expect(groups).toHaveLength(1);
  });

  it("createGroup through a 500 that created nothing rejects, and does not send the create again", async () => {
    // A second POST would meet the 418: the error proves there was none.
    emulator.faults.push({ match: "POST /Groups", status: 500 }, { match: "POST /Groups", status: 418 });
    const displayName = `team-${n++}`;
    const error = await client()
      .createGroup({ displayName })
      .catch((e: unknown) => e);
    expect((error as SCIMHTTPError).statusCode).toBe(500);
    // Slack does not keep group names unique: a resend could race a late first request into two groups.
    expect([...emulator.store.groups()].filter((g) => g.displayName === displayName)).toHaveLength(0);
  });

  it("createGroup through a timeout while Slack applies the create late makes one group", async () => {
    emulator.faults.push({ match: "POST /Groups", latencyMs: 150 });
    const displayName = `team-${n++}`;
    const error = await client()
      .createGroup({ displayName }, { timeout: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    await new Promise((r) => setTimeout(r, 250));
    expect([...emulator.store.groups()].filter((g) => g.displayName === displayName)).toHaveLength(1);
  });

  it("recovers a user whose userName Slack rewrote (lower case, specials as _)", async () => {
    emulator.faults.push({ match: "POST /Users", reset: "after-body" });
    const res = await client().createUser({
      userName: `Ada+Love${n}`,
      emails: [{ value: `adalove${n}@acme.example` }],
    });
    expect(res.recovered).toBe(true);
    expect(res.user.userName).toBe(`ada_love${n}`);
    expect(usersNamed(`ada_love${n}`)).toHaveLength(1);
  });

  it("attaches the user holding the email to a connection error too", async () => {
    const c = client();
    const theirs = await c.createUser({
      userName: `holder${n}`,
      emails: [{ value: `held${n}@acme.example` }],
    });
    emulator.faults.push({ match: "POST /Users", reset: "before-body" });
    const error = (await c
      .createUser({ userName: `other${n}`, emails: [{ value: `held${n}@acme.example` }] })
      .catch((e: unknown) => e)) as SCIMRequestError;
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error.existing as User).id).toBe(theirs.user.id);
  });

  it("does not adopt a user someone else just created with the same userName", async () => {
    const c = client();
    const theirs = await c.createUser({
      userName: `twin${n}`,
      emails: [{ value: `theirs${n}@acme.example` }],
    });
    emulator.faults.push({ match: "POST /Users", status: 503 });
    const error = (await c
      .createUser({ userName: `twin${n}`, emails: [{ value: `ours${n}@acme.example` }] })
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error.statusCode).toBe(503);
    expect((error.existing as User).id).toBe(theirs.user.id);
    expect(usersNamed(`twin${n}`)).toHaveLength(1);
  });
});

describe("createUser without a way to look the user up", () => {
  it("rejects with the original error instead of sending blind", async () => {
    emulator.faults.push({ match: "POST /Users", reset: "after-body" });
    const c = new SCIM2Client(emulator.adminToken, { baseUrl: emulator.v2BaseUrl, logger: silentLogger() });
    const error = await c
      .createUser({ name: { givenName: "No", familyName: "Handle" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
  });
});

describe("recovery never adopts someone else's resource", () => {
  let clock = Date.parse("2026-01-01T00:00:00Z");
  let old: StartedEmulator;
  beforeAll(async () => {
    old = await startEmulator({ port: 0, now: () => clock });
  });
  afterAll(() => old.close());

  it("an ambiguous failure does not return an older user who holds the same email", async () => {
    const c = new SCIM2Client(old.adminToken, {
      baseUrl: old.v2BaseUrl,
      logger: silentLogger(),
      retryHandlers: instantHandlers(),
    });
    const { user: existing } = await c.createUser({
      userName: "incumbent",
      emails: [{ value: "shared@acme.example" }],
    });
    clock = Date.now();
    old.faults.push({ match: "POST /Users", status: 500 });
    const error = (await c
      .createUser({ userName: "newcomer", emails: [{ value: "shared@acme.example" }] })
      .catch((e: unknown) => e)) as SCIMHTTPError;
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect(error.statusCode).toBe(500);
    expect((error.existing as User).id).toBe(existing.id);
    expect([...old.store.users()].map((u) => u.userName)).toEqual(["incumbent"]);
  });

  it("recovers its own group, not another team's group of the same name", async () => {
    const c = new SCIMClient(old.adminToken, {
      baseUrl: old.v1BaseUrl,
      logger: silentLogger(),
      retryHandlers: instantHandlers(),
    });
    const { user } = await c.createUser({ userName: "member1", emails: [{ value: "m1@acme.example" }] });
    clock = Date.now();
    await c.createGroup({ displayName: "oncall", members: [{ value: user.id ?? "" }] });
    old.faults.push({ match: "POST /Groups", reset: "after-body" });
    const res = await c.createGroup({ displayName: "oncall" });
    // The reset came after the emulator applied the create: two groups are named "oncall", and the client
    // returns the one it made (no members), not the other team's.
    expect(res.recovered).toBe(true);
    expect(res.group.members ?? []).toEqual([]);
    const oncall = [...old.store.groups()].filter((g) => g.displayName === "oncall");
    expect(oncall).toHaveLength(2);
    expect(oncall.map((g) => g.id)).toContain(res.group.id);
  });
});
