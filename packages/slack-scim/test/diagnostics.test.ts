import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { createServer } from "node:net";
import fc from "fast-check";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pathTemplate } from "../src/core/diagnostics.js";
import { DiagnosticsChannel, SCIM2Client, SCIMClient, SCIMRequestError } from "../src/index.js";
import { instantHandlers, silentLogger } from "./helpers/clients.js";

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

type Seen = { channel: string; message: Record<string, unknown> };
let seen: Seen[] = [];
const listeners = Object.values(DiagnosticsChannel).map((channel) => {
  const listener = (message: unknown) => seen.push({ channel, message: message as Record<string, unknown> });
  return [channel, listener] as const;
});
beforeEach(() => {
  seen = [];
  for (const [channel, listener] of listeners) subscribe(channel, listener);
});
afterEach(() => {
  for (const [channel, listener] of listeners) unsubscribe(channel, listener);
});

const on = (channel: string) => seen.filter((s) => s.channel === channel).map((s) => s.message);
let n = 0;
const newUser = () => {
  n += 1;
  return { userName: `diag${n}`, emails: [{ value: `diag${n}@acme.example`, primary: true }] };
};

function v2(options: ConstructorParameters<typeof SCIM2Client>[1] = {}) {
  return new SCIM2Client(emulator.adminToken, {
    baseUrl: emulator.v2BaseUrl,
    logger: silentLogger(),
    retryHandlers: instantHandlers(),
    ...options,
  });
}

describe("diagnostics channels", () => {
  it("publish start and response for each attempt, with the path as a template and no query", async () => {
    const client = v2();
    const { user } = await client.createUser(newUser());
    await client.readUser(user.id as string);
    await client.searchUsers({ filter: `userName eq "${user.userName}"` });
    expect(on(DiagnosticsChannel.RequestStart).map((m) => `${m["method"]} ${m["path"]}`)).toEqual([
      "POST /scim/v2/Users",
      "GET /scim/v2/Users/{id}",
      "GET /scim/v2/Users",
    ]);
    const responses = on(DiagnosticsChannel.RequestResponse);
    expect(responses.map((m) => m["status"])).toEqual([201, 200, 200]);
    for (const m of responses) {
      expect(m["attempt"]).toBe(0);
      expect(m["origin"]).toBe(new URL(emulator.v2BaseUrl).origin);
      expect(m["durationMs"]).toBeGreaterThanOrEqual(0);
    }
    // Never the token, an id, a filter or an email.
    const text = JSON.stringify(seen);
    for (const secret of [emulator.adminToken, user.id as string, user.userName as string, "acme.example"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("publish a scheduled retry and the next attempt's number after a 429", async () => {
    emulator.faults.push({ match: "GET /Users/*", status: 429, retryAfter: 0 });
    const client = v2();
    const { user } = await client.createUser(newUser());
    await client.readUser(user.id as string);
    const retries = on(DiagnosticsChannel.RetryScheduled);
    expect(retries).toMatchObject([{ method: "GET", path: "/scim/v2/Users/{id}", status: 429, attempt: 0 }]);
    expect(retries[0]?.["delayMs"]).toBeGreaterThanOrEqual(0);
    const reads = on(DiagnosticsChannel.RequestResponse).filter((m) => m["method"] === "GET");
    expect(reads.map((m) => [m["status"], m["attempt"]])).toEqual([
      [429, 0],
      [200, 1],
    ]);
  });

  it("publish an error when no response came", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new SCIMClient("xoxp-1", {
      baseUrl: `http://127.0.0.1:${port}/scim/v1/`,
      logger: silentLogger(),
      retryHandlers: [],
    });
    await expect(client.readUser("W1")).rejects.toBeInstanceOf(SCIMRequestError);
    expect(on(DiagnosticsChannel.RequestError)).toMatchObject([
      { method: "GET", path: "/scim/v1/Users/{id}", attempt: 0, errorCode: "slack_scim_request_error" },
    ]);
  });

  it("publish the start and end of a rate-limiter wait", async () => {
    const client = v2({ rateLimit: "slack" });
    // Slack allows a burst of 20 user creates, then 3 a second: the 21st waits for a token.
    await Promise.all(Array.from({ length: 21 }, () => client.createUser(newUser())));
    const starts = on(DiagnosticsChannel.RateLimitWaitStart);
    const ends = on(DiagnosticsChannel.RateLimitWaitEnd);
    expect(starts.length).toBeGreaterThan(0);
    expect(ends).toHaveLength(starts.length);
    expect(starts[0]).toMatchObject({ method: "POST", path: "/scim/v2/Users" });
    expect(starts[0]?.["limits"]).toEqual(expect.arrayContaining(["POST /Users"]));
    expect(ends.every((m) => typeof m["durationMs"] === "number")).toBe(true);
  });

  it("publish a recovered create when a lookup settles an unknown outcome", async () => {
    emulator.faults.push({ match: "POST /Users", reset: "after-body" });
    const { recovered } = await v2().createUser(newUser());
    expect(recovered).toBe(true);
    expect(on(DiagnosticsChannel.CreateRecovered)).toEqual([
      { resource: "User", origin: new URL(emulator.v2BaseUrl).origin, path: "/scim/v2/Users" },
    ]);
  });
});

describe("pathTemplate", () => {
  // The definition, as a regular expression: the scan replaced it on every request because it is cheaper.
  const byRegExp = (path: string) => path.split("?")[0]?.replace(/\/(Users|Groups)\/[^/?#]+/g, "/$1/{id}");

  it("replaces each id after Users or Groups and drops the query", () => {
    expect(pathTemplate("/scim/v2/Users/W1?attributes=x")).toBe("/scim/v2/Users/{id}");
    expect(pathTemplate("/scim/v1/Groups/S1/members")).toBe("/scim/v1/Groups/{id}/members");
    expect(pathTemplate("/scim/v1/Users")).toBe("/scim/v1/Users");
    expect(pathTemplate("/scim/v1/Users/")).toBe("/scim/v1/Users/");
    expect(pathTemplate("/Users//Groups/G#f")).toBe("/Users//Groups/{id}#f");
  });

  it("agrees with the regular expression on any path", () => {
    const piece = fc.constantFrom(
      "/",
      "Users",
      "Groups",
      "/Users/",
      "/Groups/",
      "W1",
      "?",
      "#",
      "%2F",
      "é",
      "x",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const path = pieces.join("");
        expect(pathTemplate(path)).toBe(byRegExp(path));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("logPII", () => {
  it("masks emails, filter literals and phone numbers in every logged line unless logPII is true", async () => {
    const email = "ada.lovelace@acme.example";
    const run = async (logPII: boolean) => {
      const lines: string[] = [];
      const client = v2({ logger: silentLogger(lines), logLevel: "debug", logPII });
      await client.createUser({ userName: "ada", emails: [{ value: email, primary: true }] }).catch(() => {});
      await client.searchUsers({ filter: `email eq "${email}"` });
      await client.createUser({ userName: "ada", emails: [{ value: email }] }).catch(() => {});
      return lines.join("\n");
    };
    const maskedLog = await run(false);
    expect(maskedLog).toContain("/scim/v2/Users");
    expect(maskedLog).not.toContain(email);
    expect(maskedLog).not.toContain(encodeURIComponent(email));
    expect(maskedLog).toContain(encodeURIComponent('email eq "***"'));
    emulator.reset();
    const plainLog = await run(true);
    expect(plainLog).toContain(encodeURIComponent(email));
  });

  it("is a boolean option", () => {
    expect(() => new SCIMClient("xoxp-1", { logPII: "yes" as unknown as boolean })).toThrow(/logPII/);
  });
});
