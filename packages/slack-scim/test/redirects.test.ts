import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type CallOptions,
  type FetchLike,
  SCIM2Client,
  SCIMClient,
  type SCIMClientOptions,
  SCIMHTTPError,
} from "../src/index.js";
import { instantHandlers, silentLogger, token } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

// Node's own fetch, as a user would pass it: a real network client, not a mock.
const nodeFetch: FetchLike = (url, init) => fetch(url, init);

const transports: [string, Partial<SCIMClientOptions>][] = [
  ["the built-in transport", {}],
  ["the fetch option (Node's fetch)", { fetch: nodeFetch }],
];

let server: TestServer;
let elsewhere: TestServer;
beforeAll(async () => {
  // Another origin that answers every request with success: what a followed redirect would reach.
  elsewhere = await startServer((_req, res) => json(res, 200, sampleUser("W9")));
  // Answers every request with the status named in x-status, pointing Location at the other origin.
  server = await startServer((req, res) => {
    const status = Number(req.headers["x-status"] ?? 200);
    res.writeHead(status, { location: `${elsewhere.url}/login/Users?next=%2Fscim&session=s3cr3t#frag` });
    res.end();
  });
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});
afterEach(() => {
  server.requests.length = 0;
  elsewhere.requests.length = 0;
});

type Client = SCIMClient | SCIM2Client;

/** One call of each method kind: read, search, create, replace, patch, delete (users and groups). */
const calls: [string, (c: Client, o: CallOptions) => Promise<unknown>][] = [
  ["readUser", (c, o) => c.readUser("W1", o)],
  ["searchUsers", (c, o) => c.searchUsers({ count: 1, ...o })],
  ["createUser", (c, o) => c.createUser({ userName: "ada", emails: [{ value: "ada@x.example" }] }, o)],
  ["updateUser", (c, o) => c.updateUser({ id: "W1", userName: "ada" }, o)],
  ["deleteUser", (c, o) => c.deleteUser("W1", o)],
  ["deleteGroup", (c, o) => c.deleteGroup("S1", o)],
  [
    "patchGroup",
    (c, o) =>
      c instanceof SCIMClient
        ? c.patchGroup("S1", { displayName: "x" }, o)
        : c.patchGroup("S1", [{ op: "replace", path: "displayName", value: "x" }], o),
  ],
  [
    "patchUser",
    (c, o) =>
      c instanceof SCIMClient
        ? c.patchUser("W1", { active: false }, o)
        : c.patchUser("W1", [{ op: "replace", path: "active", value: false }], o),
  ],
];

describe.each([
  ["SCIMClient", (options: SCIMClientOptions) => new SCIMClient(token, { ...options, baseUrl: server.v1 })],
  ["SCIM2Client", (options: SCIMClientOptions) => new SCIM2Client(token, { ...options, baseUrl: server.v2 })],
])("%s: only 2xx is success", (_name, makeClient) => {
  describe.each(transports)("over %s", (_transport, transportOptions) => {
    it.each([301, 302, 303, 304, 307, 308])(
      "a %i rejects every method kind with a SCIMHTTPError naming it, and follows nothing",
      async (status) => {
        const client = makeClient({
          ...transportOptions,
          logger: silentLogger(),
          retryHandlers: instantHandlers(),
        });
        const options = { headers: { "x-status": String(status) } };
        for (const [name, call] of calls) {
          const error = await call(client, options).then(
            () => new Error(`${name} resolved on a ${status}`),
            (e: unknown) => e,
          );
          expect(error, name).toBeInstanceOf(SCIMHTTPError);
          const httpError = error as SCIMHTTPError;
          expect(httpError.statusCode, name).toBe(status);
          expect(httpError.message, name).toContain(
            `SCIM request failed: ${status} to ${elsewhere.url}/login/Users;`,
          );
          expect(httpError.message, name).toContain("redirects are not followed");
          expect(httpError.message, name).not.toMatch(/s3cr3t|next=|frag/);
          expect(httpError.headers["location"], name).toContain(elsewhere.url);
        }
        // Each method sent its one request; a create sent no lookup either (a 3xx is an answer, not an unknown).
        expect(server.requests).toHaveLength(calls.length);
        expect(elsewhere.requests).toHaveLength(0);
      },
    );
  });
});

describe("a 307 to another origin", () => {
  it.each(transports)("is not re-sent there, body and all, by %s", async (_transport, transportOptions) => {
    const client = new SCIMClient(token, {
      ...transportOptions,
      baseUrl: server.v1,
      logger: silentLogger(),
      retryHandlers: [],
    });
    const error = await client
      .patchUser("W1", { active: false }, { headers: { "x-status": "307" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMHTTPError);
    expect(server.requests.map((r) => r.method)).toEqual(["PATCH"]);
    expect(elsewhere.requests).toEqual([]);
  });

  it("names a Location that is not a valid URL without its query or credentials", async () => {
    const odd = await startServer((_req, res) => {
      res.writeHead(302, { location: "http://user:pw-s3cret@[bad/login?next=x" });
      res.end();
    });
    try {
      const error = await new SCIMClient(token, { baseUrl: odd.v1, logger: silentLogger() })
        .deleteUser("W1")
        .catch((e: unknown) => e);
      expect((error as SCIMHTTPError).message).toContain("302 to http://***@[bad/login;");
      expect((error as SCIMHTTPError).message).not.toMatch(/s3cret|next=/);
    } finally {
      await odd.close();
    }
  });

  it("without a Location is still an error that says redirects are not followed", async () => {
    const bare = await startServer((_req, res) => {
      res.writeHead(302);
      res.end();
    });
    try {
      const error = await new SCIMClient(token, { baseUrl: bare.v1, logger: silentLogger() })
        .deleteUser("W1")
        .catch((e: unknown) => e);
      expect((error as SCIMHTTPError).message).toBe(
        "SCIM request failed: 302; redirects are not followed (only 2xx is success: check baseUrl), DELETE /scim/v1/Users/W1",
      );
    } finally {
      await bare.close();
    }
  });
});
