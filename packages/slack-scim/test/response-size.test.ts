import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type FetchLike, SCIMClient, type SCIMClientOptions, SCIMResponseError } from "../src/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const nodeFetch: FetchLike = (url, init) => fetch(url, init);
const limit = 1024;
/** A valid JSON user a little over `limit` bytes. */
const bigUser = JSON.stringify(sampleUser("W1", { title: "x".repeat(limit) }));

/** Sends `text` with a Content-Length, or chunked in small writes without one. */
function send(res: ServerResponse, text: string, declared: boolean): void {
  if (declared) {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  for (let i = 0; i < text.length; i += 256) res.write(text.slice(i, i + 256));
  res.end();
}

describe.each([
  ["the built-in transport", {}],
  ["the fetch option (Node's fetch)", { fetch: nodeFetch }],
] as [string, SCIMClientOptions][])("maxResponseBytes over %s", (_name, transport) => {
  it.each([
    ["with a Content-Length", true],
    ["chunked, without one", false],
  ])("a body just over the limit, %s, rejects with SCIMResponseError naming it", async (_how, declared) => {
    server = await startServer((_req, res) => send(res, bigUser, declared));
    const client = v1Client(server.v1, { ...transport, maxResponseBytes: limit });
    const error = await client.readUser("W1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMResponseError);
    const responseError = error as SCIMResponseError;
    expect(responseError.message).toContain(`maxResponseBytes (${limit} bytes)`);
    expect(responseError.message).toContain("GET /scim/v1/Users/W1");
    expect(responseError.response.statusCode).toBe(200);
    expect(responseError.response.rawBody).toBe("");
    if (declared)
      expect(responseError.message).toContain(`${Buffer.byteLength(bigUser)} bytes (Content-Length)`);
    // Not retried: a body that large will be as large again.
    expect(server.requests).toHaveLength(1);
  });

  it("a body of exactly the limit is read", async () => {
    server = await startServer((_req, res) => send(res, bigUser, false));
    const client = v1Client(server.v1, { ...transport, maxResponseBytes: Buffer.byteLength(bigUser) });
    expect((await client.readUser("W1")).user.title).toHaveLength(limit);
  });

  it("a per-call maxResponseBytes overrides the client's, both ways", async () => {
    server = await startServer((_req, res) => send(res, bigUser, true));
    const strict = v1Client(server.v1, { ...transport, maxResponseBytes: limit });
    expect((await strict.readUser("W1", { maxResponseBytes: 4 * limit })).user.id).toBe("W1");
    const lax = v1Client(server.v1, transport);
    await expect(lax.readUser("W1", { maxResponseBytes: limit })).rejects.toBeInstanceOf(SCIMResponseError);
  });

  it("releases the queue slot: the next call on a one-slot client goes through", async () => {
    let n = 0;
    server = await startServer((_req, res) => {
      n += 1;
      if (n === 1) send(res, bigUser, false);
      else json(res, 200, sampleUser("W2"));
    });
    const client = v1Client(server.v1, { ...transport, maxResponseBytes: limit, maxRequestConcurrency: 1 });
    await expect(client.readUser("W1")).rejects.toBeInstanceOf(SCIMResponseError);
    expect((await client.readUser("W2")).user.id).toBe("W2");
  });
});

describe("a fetch whose responses have no body stream (only text())", () => {
  // Some fetch implementations (older runtimes, thin wrappers) offer text() alone: the limit still holds.
  const textOnly: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    return { status: response.status, headers: response.headers, text: () => response.text() };
  };

  it("rejects a body over the limit once read, and reads one within it", async () => {
    server = await startServer((_req, res) => send(res, bigUser, false));
    const client = v1Client(server.v1, { fetch: textOnly, maxResponseBytes: limit });
    await expect(client.readUser("W1")).rejects.toThrow(`maxResponseBytes (${limit} bytes)`);
    expect((await client.readUser("W1", { maxResponseBytes: 4 * limit })).user.id).toBe("W1");
  });
});

describe("the default maxResponseBytes", () => {
  it("reads a page of 1,000 users with rich profiles (several MiB)", async () => {
    const profile = { title: "t".repeat(2000), addresses: [{ streetAddress: "s".repeat(1000) }] };
    const users = Array.from({ length: 1000 }, (_, i) => sampleUser(`W${i}`, profile));
    const page = JSON.stringify({ totalResults: 1000, itemsPerPage: 1000, startIndex: 1, Resources: users });
    expect(page.length).toBeGreaterThan(3 * 1024 * 1024);
    server = await startServer((_req, res) => send(res, page, true));
    const res = await v1Client(server.v1).searchUsers({ count: 1000 });
    expect(res.users).toHaveLength(1000);
  });
});

describe("maxResponseBytes validation", () => {
  it.each([
    ["a string", "1024", TypeError],
    ["zero", 0, RangeError],
    ["a fraction", 10.5, RangeError],
    ["more than a string can hold", 2 ** 40, RangeError],
  ])("%s is refused naming the option, on the client and per call", async (_what, value, type) => {
    expect(() => new SCIMClient(token, { maxResponseBytes: value as number })).toThrow(type);
    expect(() => new SCIMClient(token, { maxResponseBytes: value as number })).toThrow(/"maxResponseBytes"/);
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const client = new SCIMClient(token, { baseUrl: server.v1, logger: silentLogger() });
    await expect(client.readUser("W1", { maxResponseBytes: value as number })).rejects.toThrow(type);
    expect(server.requests).toHaveLength(0);
  });
});
