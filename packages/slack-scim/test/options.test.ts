import { readFileSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { SCIM2Client, SCIMClient, SCIMRequestError } from "../src/index.js";
import { packageVersion } from "../src/version.js";
import { silentLogger, token, v1Client } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
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

  it("maps a fetch network failure to SCIMRequestError", async () => {
    const client = v1Client("http://127.0.0.1:9/scim/v1/", {
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })),
    });
    const error = await client.createUser({ userName: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(false);
  });
});

/** A forward proxy on loopback that records what it was asked to reach, for CONNECT and plain requests. */
async function startProxy() {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "");
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  proxy.on("connect", (req, client: Socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host ?? "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [upstream, client]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as { port: number };
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, seen };
}

function withEnv(values: Record<string, string | undefined>) {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  cleanups.push(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe("proxies", () => {
  it("sends requests through the proxy option", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const proxy = await startProxy();
    const res = await v1Client(server.v1, { proxy: proxy.url }).readUser("W1");
    expect(res.statusCode).toBe(200);
    const target = new URL(server.url).host;
    expect(proxy.seen.some((line) => line.includes(target))).toBe(true);
  });

  it("reads HTTP_PROXY from the environment, and honours NO_PROXY", async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
    const proxy = await startProxy();
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
  const cert = readFileSync(new URL("./fixtures/tls/cert.pem", import.meta.url), "utf8");
  const key = readFileSync(new URL("./fixtures/tls/key.pem", import.meta.url), "utf8");

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
