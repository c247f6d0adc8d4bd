import { createServer as createHttpsServer } from "node:https";
import { createEmulator } from "slack-scim-emulator";
import { afterEach, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { packageVersion } from "../src/core/version.js";
import { SCIM2Client, SCIMClient, SCIMRequestError, SCIMTimeoutError } from "../src/index.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { cert, key, setEnv, startProxy } from "./helpers/proxy.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  // Last in, first out: a later setEnv saved what an earlier one set.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("option validation", () => {
  it.each([
    [{ baseUrl: "not a url" }, TypeError, /"baseUrl"/],
    [{ baseUrl: "ftp://x/" }, TypeError, /"baseUrl"/],
    [{ timeout: "10" }, TypeError, /"timeout"/],
    [{ timeout: 0 }, RangeError, /"timeout"/],
    [{ timeout: Number.POSITIVE_INFINITY }, RangeError, /"timeout"/],
    [{ retryHandlers: {} }, TypeError, /"retryHandlers"/],
    [{ retryHandlers: [{}] }, TypeError, /"retryHandlers"/],
    [{ rejectRateLimitedCalls: "yes" }, TypeError, /"rejectRateLimitedCalls"/],
    [{ maxRequestConcurrency: 0 }, RangeError, /"maxRequestConcurrency"/],
    [{ maxRequestConcurrency: 2.5 }, RangeError, /"maxRequestConcurrency"/],
    [{ logger: { info() {} } }, TypeError, /"logger"/],
    [{ logLevel: "verbose" }, TypeError, /"logLevel"/],
    [{ headers: { a: 1 } }, TypeError, /"headers"/],
    [{ userAgentPrefix: 3 }, TypeError, /"userAgentPrefix"/],
    [{ proxy: "nope" }, TypeError, /"proxy"/],
    [{ tls: "strict" }, TypeError, /"tls"/],
    [{ fetch: "fetch" }, TypeError, /"fetch"/],
    [{ retryHandler: [] }, TypeError, /Unknown SCIM client option "retryHandler"/],
  ])("%j is refused", (options, type, message) => {
    expect(() => new SCIMClient(token, options as never)).toThrow(type);
    expect(() => new SCIM2Client(token, options as never)).toThrow(message);
  });

  it("refuses a token that is not a string", () => {
    expect(() => new SCIMClient(42 as never)).toThrow(/token must be a string/);
  });

  it("rejects a bad per-call timeout before sending", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    await expect(v1Client(server.v1).readUser("W1", { timeout: -1 })).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses bad paging arguments naming them", async () => {
    const client = new SCIMClient(token, { logger: silentLogger() });
    await expect(client.searchUsers({ startIndex: 0 })).rejects.toThrow(/startIndex must be an integer >= 1/);
    await expect(client.searchUsers({ count: -1 })).rejects.toThrow(/count must be an integer >= 0/);
    await expect(client.searchGroups({ count: "5" as never })).rejects.toThrow(/count must be a number/);
  });

  it("keeps the package version in one place", () => {
    expect(packageVersion).toBe(packageJson.version);
  });
});

describe("the fetch option", () => {
  it("replaces the transport with the caller's fetch", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const calls: string[] = [];
    const client = v1Client(server.v1, {
      fetch: (url, init) => {
        calls.push(`${init.method} ${url}`);
        return fetch(url, init);
      },
    });
    const res = await client.readUser("W1");
    expect(res.user.id).toBe("W0123ABCDEF");
    expect(calls).toEqual([`GET ${server.v1}Users/W1`]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("times out and aborts even when the fetch given ignores its signal (the in-process emulator)", async () => {
    const emulator = createEmulator();
    emulator.faults.push({ match: "GET /Users/*", latencyMs: 2_000, times: 2 });
    const client = new SCIMClient(emulator.adminToken, {
      baseUrl: "http://scim.test/scim/v1/",
      fetch: (url, init) => emulator.fetch(new Request(url, init)),
      logger: silentLogger(),
    });
    const timedOut = await client.readUser("W1", { timeout: 50 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(SCIMTimeoutError);
    const controller = new AbortController();
    const reason = new Error("stop");
    const call = client.readUser("W1", { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
  });

  it("maps a fetch network failure to SCIMRequestError", async () => {
    const client = v1Client("http://127.0.0.1:9/scim/v1/", {
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })),
    });
    const error = await client.createUser({ userName: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(false);
  });
});

function withEnv(values: Record<string, string | undefined>): void {
  cleanups.push(setEnv(values));
}

describe("proxies", () => {
  it("sends requests through the proxy option", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const proxy = await startProxy();
    cleanups.push(proxy.close);
    const res = await v1Client(server.v1, { proxy: proxy.url }).readUser("W1");
    expect(res.statusCode).toBe(200);
    const target = new URL(server.url).host;
    expect(proxy.seen.some((line) => line.includes(target))).toBe(true);
  });

  it("reads HTTP_PROXY from the environment, and honours NO_PROXY", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const proxy = await startProxy();
    cleanups.push(proxy.close);
    withEnv({
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: undefined,
      http_proxy: undefined,
      https_proxy: undefined,
      NO_PROXY: "",
      no_proxy: undefined,
    });
    await v1Client(server.v1).readUser("W1");
    expect(proxy.seen).toHaveLength(1);
    withEnv({ NO_PROXY: "127.0.0.1" });
    await v1Client(server.v1).readUser("W1");
    expect(proxy.seen).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe("tls", () => {
  async function startHttps() {
    const https = createHttpsServer({ cert, key }, (_req, res) => json(res, 200, sampleUser()));
    await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          https.closeAllConnections();
          https.close(() => resolve());
        }),
    );
    return `https://127.0.0.1:${(https.address() as { port: number }).port}/scim/v1/`;
  }

  it("verifies certificates by default", async () => {
    const base = await startHttps();
    const error = await v1Client(base)
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(false);
  });

  it("trusts an extra CA given in tls.ca", async () => {
    const base = await startHttps();
    const res = await v1Client(base, { tls: { ca: cert } }).readUser("W1");
    expect(res.statusCode).toBe(200);
  });

  it("skips verification only when rejectUnauthorized is false", async () => {
    const base = await startHttps();
    const res = await v1Client(base, { tls: { rejectUnauthorized: false } }).readUser("W1");
    expect(res.statusCode).toBe(200);
  });
});

describe("baseUrl from the environment", () => {
  it("treats an empty baseUrl (an unset variable) as the default", () => {
    expect(new SCIMClient(token, { baseUrl: "" }).baseUrl).toBe("https://api.slack.com/scim/v1/");
    expect(new SCIM2Client(token, { baseUrl: "" }).baseUrl).toBe("https://api.slack.com/scim/v2/");
  });
});
